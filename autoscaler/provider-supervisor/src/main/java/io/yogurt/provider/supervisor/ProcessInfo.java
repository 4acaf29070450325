package io.yogurt.provider.supervisor;

import java.util.Map;

/**
 * One process as supervisord reports it ({@code supervisor.getProcessInfo}).
 *
 * @param group the program (or group) name; the process is addressed as {@code group:name}
 * @param start when it was last started, in seconds since the epoch on the host's clock (0: never)
 * @param stop when it last stopped, likewise (0: never)
 * @param now the host's clock at the answer, in seconds since the epoch
 * @param exitStatus the exit status of its last run
 * @param spawnError why the last start failed, e.g. "Exited too quickly (process log may have
 *     details)"; empty when it did not
 */
public record ProcessInfo(
    String name,
    String group,
    ProcessState state,
    long start,
    long stop,
    long now,
    int exitStatus,
    String spawnError,
    String description,
    int pid) {

  /** The name supervisord's calls take: {@code group:name}. */
  public String fullName() {
    return group + ":" + name;
  }

  /** Seconds since the last start, by the host's clock; 0 when not running. */
  public long uptimeSeconds() {
    return state.alive() && start > 0 ? Math.max(0, now - start) : 0;
  }

  static ProcessInfo from(Map<?, ?> m) {
    return new ProcessInfo(
        text(m, "name"),
        text(m, "group"),
        ProcessState.of(number(m, "state")),
        number(m, "start"),
        number(m, "stop"),
        number(m, "now"),
        number(m, "exitstatus"),
        text(m, "spawnerr"),
        text(m, "description"),
        number(m, "pid"));
  }

  private static String text(Map<?, ?> m, String key) {
    Object v = m.get(key);
    return v == null ? "" : v.toString();
  }

  private static int number(Map<?, ?> m, String key) {
    return m.get(key) instanceof Integer i ? i : 0;
  }
}
