package io.yogurt.provider.supervisor;

/** supervisord's process states, with the codes its API answers. */
public enum ProcessState {
  STOPPED(0),
  STARTING(10),
  RUNNING(20),
  BACKOFF(30),
  STOPPING(40),
  EXITED(100),
  FATAL(200),
  UNKNOWN(1000);

  private final int code;

  ProcessState(int code) {
    this.code = code;
  }

  static ProcessState of(int code) {
    for (ProcessState s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    return UNKNOWN;
  }

  /** A process that runs or is being (re)started: its slot is taken. */
  public boolean alive() {
    return this == STARTING || this == RUNNING || this == BACKOFF;
  }
}
