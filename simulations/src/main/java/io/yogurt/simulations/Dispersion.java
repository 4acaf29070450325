package io.yogurt.simulations;

import io.yogurt.models.Series;
import java.util.ArrayList;
import java.util.List;

/**
 * The index of dispersion (variance / mean) of per-minute arrival counts, measured from a trace
 * coarser than a minute. A step's count varies around the local level by more than Poisson when
 * traffic is bursty; with independent minutes the index is the same at every aggregation, so the
 * step-to-step noise of the trace tells the minutes' (for minutes that are positively correlated,
 * as in self-similar web traffic, it overstates them: on the safe side). The local level's trend is
 * removed by second differences, whose variance is six times a step's; the spread is read from
 * their median absolute deviation, so that a few spikes do not make every minute bursty.
 */
public final class Dispersion {

  /** Poisson: what the dispersion is never below. */
  public static final double POISSON = 1;

  /** Median absolute deviation to standard deviation, for normal data. */
  private static final double MAD_TO_SD = 1.4826;

  private Dispersion() {}

  /** The index measured on {@code steps} (counts per step, times {@code rateScale}); >= 1. */
  public static double measure(Series steps, double rateScale) {
    List<Double> standardized = new ArrayList<>();
    double[] v = steps.values();
    for (int i = 1; i + 1 < v.length; i++) {
      double a = v[i - 1] * rateScale;
      double b = v[i] * rateScale;
      double c = v[i + 1] * rateScale;
      if (Double.isNaN(a) || Double.isNaN(b) || Double.isNaN(c) || b <= 0) {
        continue;
      }
      standardized.add(Math.abs(c - 2 * b + a) / Math.sqrt(6 * b));
    }
    if (standardized.size() < 10) {
      return POISSON;
    }
    double[] x = standardized.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double median = x[x.length / 2];
    double sd = MAD_TO_SD * median;
    return Math.max(POISSON, sd * sd);
  }
}
