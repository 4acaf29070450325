package io.yogurt.forecasting;

import io.yogurt.models.Series;
import java.time.Duration;
import java.util.Arrays;

/** Small numeric helpers over series values that skip gaps (NaN) instead of zero-filling them. */
public final class SeriesMath {

  private SeriesMath() {}

  /** Steps in one period (a day, a week) at this step; at least 1. */
  public static int stepsIn(Duration period, Duration step) {
    return (int) Math.max(1, period.toMillis() / step.toMillis());
  }

  /** Mean of the non-gap values in {@code [from, to)} (clipped to the array); NaN if none. */
  public static double nanMean(double[] v, int from, int to) {
    double sum = 0;
    int n = 0;
    for (int i = Math.max(0, from); i < Math.min(v.length, to); i++) {
      if (!Double.isNaN(v[i])) {
        sum += v[i];
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** The value at {@code i}, or NaN when {@code i} is outside {@code [0, limit)}. */
  public static double at(double[] v, int i, int limit) {
    return i >= 0 && i < limit && i < v.length ? v[i] : Double.NaN;
  }

  /** The last non-gap value before {@code end}, looking back at most {@code maxBack} steps. */
  public static double lastObserved(double[] v, int end, int maxBack) {
    for (int i = end - 1; i >= Math.max(0, end - maxBack); i--) {
      if (!Double.isNaN(v[i])) {
        return v[i];
      }
    }
    return Double.NaN;
  }

  /** The first argument that is not NaN; NaN if all are. */
  public static double firstKnown(double... candidates) {
    for (double c : candidates) {
      if (!Double.isNaN(c)) {
        return c;
      }
    }
    return Double.NaN;
  }

  /** The q-quantile (0..1) of the non-NaN values, linear interpolation; NaN if none. */
  public static double quantile(double[] values, double q) {
    double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    double pos = q * (v.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(v.length - 1, lo + 1);
    return v[lo] + (pos - lo) * (v[hi] - v[lo]);
  }

  /**
   * Sums a series into coarser steps ({@code step} a whole multiple of the series' step). A coarse
   * step with no data at all is a gap; one with some data is the sum of what is there, scaled up
   * for the missing part so a half-empty step does not look like a traffic drop.
   */
  public static Series sumTo(Series s, Duration step) {
    long fine = s.step().toMillis();
    long coarse = step.toMillis();
    if (coarse % fine != 0 || coarse < fine) {
      throw new IllegalArgumentException(
          "step " + step + " is not a whole multiple of the series' step " + s.step());
    }
    int k = (int) (coarse / fine);
    int n = (s.size() + k - 1) / k;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double sum = 0;
      int seen = 0;
      int width = Math.min(k, s.size() - i * k);
      for (int j = 0; j < width; j++) {
        double x = s.valueAt(i * k + j);
        if (!Double.isNaN(x)) {
          sum += x;
          seen++;
        }
      }
      out[i] = seen == 0 ? Double.NaN : sum * k / seen;
    }
    return new Series(s.start(), step, out);
  }
}
