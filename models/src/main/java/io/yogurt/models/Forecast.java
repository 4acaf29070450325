package io.yogurt.models;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A forecast issued at {@code origin}: for each future step {@code i} (covering {@code [origin +
 * i*step, origin + (i+1)*step)}) a point forecast and an upper quantile, both in the series' unit
 * (for arrivals: requests per step). It may carry upper quantiles at more levels ({@code levels},
 * {@code uppers[level][step]}), and how the arrivals scatter within a step ({@code burstiness}).
 */
public record Forecast(
    String model,
    Instant origin,
    Duration step,
    double quantile,
    double[] point,
    double[] upper,
    double[] levels,
    double[][] uppers,
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
    if (levels.length != uppers.length) {
      throw new IllegalArgumentException(
          levels.length + " levels but " + uppers.length + " rows of upper quantiles");
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
    this(
        model,
        origin,
        step,
        quantile,
        point,
        upper,
        new double[] {quantile},
        new double[][] {upper},
        Burstiness.POISSON);
  }

  /** This forecast with the given within-step scatter. */
  public Forecast withBurstiness(Burstiness b) {
    return new Forecast(model, origin, step, quantile, point, upper, levels, uppers, b);
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
   * The upper quantile at level {@code p} of step {@code i}: the margin over the point is
   * interpolated linearly in the normal score between the carried levels, taken as zero at the
   * median, and carried on beyond the highest level at that level's margin per unit of normal score
   * (the normal tail; the conformal levels themselves carry the real one where they exist).
   */
  public double upperAt(int i, double p) {
    double z = StandardNormal.quantile(p);
    double lastZ = 0;
    double lastMargin = 0;
    for (int k = 0; k < levels.length; k++) {
      double zk = StandardNormal.quantile(levels[k]);
      double mk = Math.max(0, uppers[k][i] - point[i]);
      if (z <= zk) {
        double w = zk > lastZ ? (z - lastZ) / (zk - lastZ) : 1;
        return point[i] + Math.max(0, lastMargin + w * (mk - lastMargin));
      }
      lastZ = zk;
      lastMargin = mk;
    }
    return point[i] + (lastZ > 0 ? lastMargin * z / lastZ : 0);
  }
}
