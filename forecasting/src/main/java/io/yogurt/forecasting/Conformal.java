package io.yogurt.forecasting;

import java.time.Instant;
import java.util.Arrays;

/**
 * Split-conformal upper bounds: forecast from origins the model was not fitted on and take, per
 * step ahead, the q-quantile of (actual - upper base), the base being the point forecast or a
 * quantile model's estimate. Made non-decreasing in the step ahead, since uncertainty does not
 * shrink with distance.
 */
final class Conformal {

  /** Enough origins for a stable p90, few enough to stay cheap. */
  private static final int MAX_ORIGINS = 400;

  private Conformal() {}

  static double[] offsets(
      PointModel model, double[] v, Instant start, int from, int to, int horizon, double q) {
    int stride = stride(from, to);
    return offsets(residuals(model, v, start, from, to, stride, horizon), horizon, q);
  }

  /** Every {@code stride}-th origin in [from, to), so that at most a few hundred are scored. */
  static int stride(int from, int to) {
    return Math.max(1, Math.max(1, to - from) / MAX_ORIGINS);
  }

  /**
   * Residuals (actual - upper base), one row per origin in {@code [from, to)} at {@code stride},
   * one column per step ahead; NaN where the actual is unknown (a gap, or past {@code to}).
   */
  static double[][] residuals(
      PointModel model, double[] v, Instant start, int from, int to, int stride, int horizon) {
    int origins = Math.max(0, (to - from + stride - 1) / stride);
    double[][] rows = new double[origins][horizon];
    int k = 0;
    for (int o = from; o < to; o += stride, k++) {
      Arrays.fill(rows[k], Double.NaN);
      double[] p = model.predict(v, start, o, horizon);
      for (int h = 0; h < horizon; h++) {
        p[h] = Math.max(0, p[h]);
      }
      double[] base = model.upperBase(v, start, o, p);
      for (int h = 0; h < horizon && o + h < to; h++) {
        double actual = v[o + h];
        if (!Double.isNaN(actual) && !Double.isNaN(base[h])) {
          rows[k][h] = actual - base[h];
        }
      }
    }
    return rows;
  }

  /** Per step ahead, the q-quantile of the residual rows, made non-decreasing. */
  static double[] offsets(double[][] rows, int horizon, double q) {
    double[] off = new double[horizon];
    double[] column = new double[rows.length];
    double running = 0;
    for (int h = 0; h < horizon; h++) {
      for (int k = 0; k < rows.length; k++) {
        column[k] = h < rows[k].length ? rows[k][h] : Double.NaN;
      }
      double x = SeriesMath.quantile(column, q);
      x = Double.isNaN(x) ? running : x;
      running = h == 0 ? x : Math.max(running, x);
      off[h] = running;
    }
    return off;
  }
}
