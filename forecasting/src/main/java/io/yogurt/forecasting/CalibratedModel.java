package io.yogurt.forecasting;

import io.yogurt.models.Burstiness;
import io.yogurt.models.Forecast;
import io.yogurt.models.Forecaster;
import io.yogurt.models.Series;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * A point model plus, per step ahead, the residual quantile measured on data it was not fitted on
 * (split conformal): {@code upper = base + offset[h]}, the base being the point forecast or, for a
 * quantile model, its own upper estimate. The residuals are kept, so that {@link #updated}
 * recalibrates on new data by scoring only the origins it has not seen. Counts are never negative;
 * upper is never below point. It also carries the burstiness learned with it.
 */
public final class CalibratedModel implements Forecaster.Model, Serializable {

  private static final long serialVersionUID = 1L;

  private final String name;
  private final PointModel point;
  private final double quantile;
  private final double[] offsets;
  private final Duration step;
  private final Residuals residuals;
  private final Burstiness burstiness;

  /** The residual rows it was calibrated on: one per origin (epoch millis), one column per step. */
  record Residuals(long[] origins, double[][] rows, long windowMillis) implements Serializable {}

  CalibratedModel(
      String name,
      PointModel point,
      double quantile,
      Duration step,
      Residuals residuals,
      Burstiness burstiness) {
    this.name = name;
    this.point = point;
    this.quantile = quantile;
    this.step = step;
    this.residuals = residuals;
    this.burstiness = burstiness;
    int horizon = residuals.rows().length == 0 ? 0 : residuals.rows()[0].length;
    this.offsets = Conformal.offsets(residuals.rows(), horizon, quantile);
  }

  @Override
  public String name() {
    return name;
  }

  public Duration step() {
    return step;
  }

  public double quantile() {
    return quantile;
  }

  /** The calibrated upper offsets at the configured quantile, one per step ahead. */
  public double[] offsets() {
    return offsets.clone();
  }

  /** How arrivals scatter within a step, as learned with this model; Poisson when unknown. */
  public Burstiness burstiness() {
    return burstiness == null ? Burstiness.POISSON : burstiness;
  }

  /** This model with the burstiness learned beside it. */
  public CalibratedModel withBurstiness(Burstiness b) {
    return new CalibratedModel(name, point, quantile, step, residuals, b);
  }

  /** Origins scored for the calibration. */
  public int calibrationOrigins() {
    return residuals.origins().length;
  }

  public Map<String, Double> importance() {
    return point.importance();
  }

  /**
   * This model recalibrated on {@code history} (at its step, ending at the newest complete step):
   * the origins since its newest fully observed one are scored, older ones beyond its calibration
   * window dropped. The point model is kept as fitted: every new origin is data it never saw, so
   * the calibration stays split-conformal.
   */
  public CalibratedModel updated(Series history) {
    if (!history.step().equals(step)) {
      throw new IllegalArgumentException("model " + name + " is at step " + step);
    }
    int horizon = offsets.length;
    long stepMillis = step.toMillis();
    long startMillis = history.start().toEpochMilli();
    // Rows not yet fully observed are scored again; new origins are scored every step.
    long keepBefore = lastComplete(horizon, stepMillis);
    int from = (int) Math.max(0, -Math.floorDiv(startMillis - keepBefore, stepMillis));
    int to = history.size();
    if (from >= to) {
      return this;
    }
    double[][] fresh =
        Conformal.residuals(point, history.values(), history.start(), from, to, 1, horizon);
    long newest = startMillis + (to - 1) * stepMillis;
    long oldest = newest - residuals.windowMillis();
    long[] origins = new long[residuals.origins().length + fresh.length];
    double[][] rows = new double[origins.length][];
    int n = 0;
    for (int k = 0; k < residuals.origins().length; k++) {
      long o = residuals.origins()[k];
      if (o < keepBefore && o >= oldest) {
        origins[n] = o;
        rows[n++] = residuals.rows()[k];
      }
    }
    for (int k = 0; k < fresh.length; k++) {
      long o = startMillis + (from + k) * stepMillis;
      if (o >= oldest) {
        origins[n] = o;
        rows[n++] = fresh[k];
      }
    }
    Residuals r =
        new Residuals(Arrays.copyOf(origins, n), Arrays.copyOf(rows, n), residuals.windowMillis());
    return new CalibratedModel(name, point, quantile, step, r, burstiness);
  }

  /** The origin after the newest one whose every step ahead was observed. */
  private long lastComplete(int horizon, long stepMillis) {
    long[] o = residuals.origins();
    for (int k = o.length - 1; k >= 0; k--) {
      double[] row = residuals.rows()[k];
      if (row.length == 0 || !Double.isNaN(row[row.length - 1])) {
        return o[k] + stepMillis;
      }
    }
    return o.length == 0 ? Long.MIN_VALUE / 2 : o[0];
  }

  @Override
  public Forecast forecast(Series recent, int horizon) {
    if (!recent.step().equals(step)) {
      throw new IllegalArgumentException(
          "model " + name + " was fitted at step " + step + ", got a series at " + recent.step());
    }
    double[] p = point.predict(recent.values(), recent.start(), recent.size(), horizon);
    for (int h = 0; h < horizon; h++) {
      p[h] = Math.max(0, Double.isNaN(p[h]) ? 0 : p[h]);
    }
    double[] base = point.upperBase(recent.values(), recent.start(), recent.size(), p);
    double[] u = upper(p, base, offsets, horizon);
    return new Forecast(name, recent.end(), step, quantile, p, u, burstiness());
  }

  private static double[] upper(double[] p, double[] base, double[] off, int horizon) {
    double[] u = new double[horizon];
    for (int h = 0; h < horizon; h++) {
      double o = off.length == 0 ? 0 : off[Math.min(h, off.length - 1)];
      u[h] = Math.max(p[h], (Double.isNaN(base[h]) ? p[h] : base[h]) + o);
    }
    return u;
  }

  /** When the newest origin of its calibration was; null if it has none. */
  Instant calibratedTo() {
    long[] o = residuals.origins();
    return o.length == 0 ? null : Instant.ofEpochMilli(o[o.length - 1]);
  }

  @Override
  public String toString() {
    return name + "[q=" + quantile + ", offsets=" + Arrays.toString(offsets) + "]";
  }
}
