package io.yogurt.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Waits for SIGTERM or Ctrl-C so that a long-running command can stop gracefully and exit 0 (a
 * shutdown hook would run too late to choose the exit code).
 */
final class StopSignal {

  private final CountDownLatch stop = new CountDownLatch(1);

  private StopSignal() {}

  static StopSignal install() {
    StopSignal s = new StopSignal();
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), sig -> s.stop.countDown());
      } catch (IllegalArgumentException e) {
        // Signal not available on this platform: Ctrl-C then ends the JVM the usual way.
      }
    }
    return s;
  }

  /** Blocks until a signal arrives or {@link #trigger()} is called. */
  void await() throws InterruptedException {
    stop.await();
  }

  /** Ends the wait from inside (the worker was drained by the broker). */
  void trigger() {
    stop.countDown();
  }
}
