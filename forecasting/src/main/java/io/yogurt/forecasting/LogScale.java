package io.yogurt.forecasting;

import io.yogurt.models.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * Another forecaster fitted on log(1 + y) and read back with exp(x) - 1. Request counts are skewed
 * by bursts; on the log scale a burst weighs as much as a lull, so the fit follows the typical
 * level (closer to a median, which is what absolute error rewards) instead of being pulled up by
 * the bursts. The upper quantile is calibrated on the original scale like any other model's.
 */
final class LogScale extends PointForecaster {

  private final PointForecaster inner;

  LogScale(String name, PointForecaster inner, Duration horizon, double quantile) {
    super(name, horizon, quantile);
    this.inner = inner;
  }

  @Override
  boolean buildsOnOtherFits() {
    return inner.buildsOnOtherFits();
  }

  @Override
  PointModel fitPoint(Series history) {
    // Through the cache: a log-scale ensemble then reuses its log-scale members' fits.
    Series logScale =
        new Series(history.start(), history.step(), toLog(history.values(), history.size()));
    return new Model(FitCache.fit(inner, logScale));
  }

  private static double[] toLog(double[] v, int upTo) {
    double[] out = new double[upTo];
    for (int i = 0; i < upTo; i++) {
      out[i] = Double.isNaN(v[i]) ? Double.NaN : Math.log1p(Math.max(0, v[i]));
    }
    return out;
  }

  private static double[] fromLog(double[] x) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = Math.expm1(x[i]);
    }
    return out;
  }

  /** The inner fit, reading values through a log transform. */
  private static final class Model implements PointModel {
    private static final long serialVersionUID = 1L;

    private final PointModel inner;

    /** The last input and its log: calibration forecasts from hundreds of origins of one series. */
    private transient volatile Transformed last;

    private record Transformed(double[] raw, double[] log) {}

    Model(PointModel inner) {
      this.inner = inner;
    }

    @Override
    public double[] predict(double[] values, Instant start, int origin, int horizon) {
      return fromLog(inner.predict(logOf(values, origin), start, origin, horizon));
    }

    @Override
    public double[] upperBase(double[] values, Instant start, int origin, double[] point) {
      double[] logPoint = new double[point.length];
      for (int i = 0; i < point.length; i++) {
        logPoint[i] = Math.log1p(Math.max(0, point[i]));
      }
      return fromLog(inner.upperBase(logOf(values, origin), start, origin, logPoint));
    }

    /**
     * {@code values[0, origin)} on the log scale; reused when the values seen so far are the same.
     */
    private double[] logOf(double[] values, int origin) {
      Transformed t = last;
      if (t != null
          && t.raw().length >= origin
          && Arrays.equals(t.raw(), 0, origin, values, 0, origin)) {
        return t.log(); // comparing is far cheaper than taking the logs again
      }
      // All of it, not just up to this origin: the next calls come from later origins.
      double[] raw = values.clone();
      Transformed fresh = new Transformed(raw, toLog(raw, raw.length));
      last = fresh;
      return fresh.log();
    }

    @Override
    public Map<String, Double> importance() {
      return inner.importance();
    }
  }
}
