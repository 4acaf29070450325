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
    int span = Math.max(1, to - from);
    int stride = Math.max(1, span / MAX_ORIGINS);
    int origins = (span + stride - 1) / stride;
    double[][] residuals = new double[horizon][origins];
    for (double[] r : residuals) {
      Arrays.fill(r, Double.NaN);
    }
    int k = 0;
    for (int o = from; o < to; o += stride, k++) {
      double[] p = model.predict(v, start, o, horizon);
      for (int h = 0; h < horizon; h++) {
        p[h] = Math.max(0, p[h]);
      }
      double[] base = model.upperBase(v, start, o, p);
      for (int h = 0; h < horizon && o + h < to; h++) {
        double actual = v[o + h];
        if (!Double.isNaN(actual) && !Double.isNaN(base[h])) {
          residuals[h][k] = actual - base[h];
        }
      }
    }
    double[] off = new double[horizon];
    double running = 0;
    for (int h = 0; h < horizon; h++) {
      double x = SeriesMath.quantile(residuals[h], q);
      x = Double.isNaN(x) ? running : x;
      running = h == 0 ? x : Math.max(running, x);
      off[h] = running;
    }
    return off;
  }
}
