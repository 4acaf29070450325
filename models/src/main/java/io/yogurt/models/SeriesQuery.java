package io.yogurt.models;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** Which regular series to read: a service's metric over {@code [from, to)} in steps. */
public record SeriesQuery(String service, String metric, Instant from, Instant to, Duration step) {

  public SeriesQuery {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(step, "step");
    if (step.isZero() || step.isNegative()) {
      throw new IllegalArgumentException("step must be positive, got " + step);
    }
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("to (" + to + ") is before from (" + from + ")");
    }
  }

  /** Number of whole steps in the range (a trailing partial step counts as one). */
  public int steps() {
    long span = Duration.between(from, to).toMillis();
    long s = step.toMillis();
    return (int) ((span + s - 1) / s);
  }
}
