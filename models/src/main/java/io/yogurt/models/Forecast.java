package io.yogurt.models;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A forecast issued at {@code origin}: for each future step {@code i} (covering {@code [origin +
 * i*step, origin + (i+1)*step)}) a point forecast and an upper quantile, both in the series' unit
 * (for arrivals: requests per step), and how the arrivals scatter within a step ({@code
 * burstiness}).
 */
public record Forecast(
    String model,
    Instant origin,
    Duration step,
    double quantile,
    double[] point,
    double[] upper,
    Burstiness burstiness) {

  public Forecast {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(burstiness, "burstiness");
    if (point.length != upper.length) {
      throw new IllegalArgumentException(
          "point and upper differ in length: " + point.length + " vs " + upper.length);
    }
  }

  /** A forecast with one upper quantile and Poisson scatter within a step. */
  public Forecast(
      String model,
      Instant origin,
      Duration step,
      double quantile,
      double[] point,
      double[] upper) {
    this(model, origin, step, quantile, point, upper, Burstiness.POISSON);
  }

  /** This forecast with the given within-step scatter. */
  public Forecast withBurstiness(Burstiness b) {
    return new Forecast(model, origin, step, quantile, point, upper, b);
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
    for (int i : stepsOverlapping(from, to)) {
      max = Double.isNaN(max) ? upper[i] : Math.max(max, upper[i]);
    }
    return max;
  }

  /** Indices of the steps that overlap {@code [from, to)}, in order; empty if none. */
  public int[] stepsOverlapping(Instant from, Instant to) {
    int[] out = new int[point.length];
    int n = 0;
    for (int i = 0; i < point.length; i++) {
      Instant stepStart = origin.plus(step.multipliedBy(i));
      Instant stepEnd = stepStart.plus(step);
      if (stepEnd.isAfter(from) && stepStart.isBefore(to)) {
        out[n++] = i;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * The upper quantile at level {@code p} of step {@code i}, from the one the forecast carries: its
   * margin over the point scaled by the ratio of the normal scores. The carried quantile sits where
   * the calibration has data enough (p90 by default); the extreme empirical quantiles of a few days
   * are made by a handful of events no plan made a boot ahead can meet, and would make every minute
   * pay for them.
   */
  public double upperAt(int i, double p) {
    double zCarried = StandardNormal.quantile(quantile);
    double margin = Math.max(0, upper[i] - point[i]);
    return point[i] + (zCarried > 0 ? margin * StandardNormal.quantile(p) / zCarried : margin);
  }
}
