package io.yogurt.broker.worker;

import io.yogurt.config.DurationText;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Built-in handlers for demos and tests: {@code echo} and {@code sleep:50ms} (synthetic service
 * time).
 */
public final class Handlers {

  private Handlers() {}

  public static Handler echo() {
    return new Handler() {
      @Override
      public List<byte[]> handle(List<byte[]> request) {
        return request;
      }

      @Override
      public boolean instant() {
        return true;
      }
    };
  }

  /** Echoes after spending {@code time}, like a service with that service time. */
  public static Handler sleep(Duration time) {
    long nanos = time.toNanos();
    return request -> {
      long until = System.nanoTime() + nanos;
      for (long left = nanos; left > 0; left = until - System.nanoTime()) {
        LockSupport.parkNanos(left);
        if (Thread.interrupted()) {
          throw new InterruptedException("handler interrupted");
        }
      }
      return request;
    };
  }

  /** Parses {@code echo} or {@code sleep:DURATION}; empty when the spec is neither. */
  public static Optional<Handler> parse(String spec) {
    if (spec.equals("echo")) {
      return Optional.of(echo());
    }
    if (spec.startsWith("sleep:")) {
      return DurationText.parse(spec.substring("sleep:".length())).map(Handlers::sleep);
    }
    return Optional.empty();
  }
}
