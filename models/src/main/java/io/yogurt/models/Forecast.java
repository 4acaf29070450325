package io.yogurt.models;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A forecast issued at {@code origin}: for each future step {@code i} (covering {@code [origin +
 * i*step, origin + (i+1)*step)}) a point forecast and an upper quantile, both in the series' unit
 * (for arrivals: requests per step).
 */
public record Forecast(
    String model, Instant origin, Duration step, double quantile, double[] point, double[] upper) {

  public Forecast {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(step, "step");
    if (point.length != upper.length) {
      throw new IllegalArgumentException(
          "point and upper differ in length: " + point.length + " vs " + upper.length);
    }
  }

  public int horizon() {
    return point.length;
  }

  /** The point forecast for the step holding {@code t}, per second; NaN outside the horizon. */
  public double pointPerSecondAt(Instant t) {
    long i = Math.floorDiv(Duration.between(origin, t).toMillis(), step.toMillis());
    return i < 0 || i >= point.length ? Double.NaN : point[(int) i] / (step.toMillis() / 1000.0);
  }

  /** The largest upper quantile over the steps that overlap {@code [from, to)}; NaN if none. */
  public double maxUpper(Instant from, Instant to) {
    double max = Double.NaN;
    for (int i = 0; i < upper.length; i++) {
      Instant stepStart = origin.plus(step.multipliedBy(i));
      Instant stepEnd = stepStart.plus(step);
      if (stepEnd.isAfter(from) && stepStart.isBefore(to)) {
        max = Double.isNaN(max) ? upper[i] : Math.max(max, upper[i]);
      }
    }
    return max;
  }
}
