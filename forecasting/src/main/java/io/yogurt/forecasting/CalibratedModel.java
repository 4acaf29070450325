package io.yogurt.forecasting;

import io.yogurt.models.Forecast;
import io.yogurt.models.Forecaster;
import io.yogurt.models.Series;
import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * A point model plus, per step ahead, the residual quantile measured on data it was not fitted on
 * (split conformal): {@code upper = point + offset[h]}. Counts are never negative.
 */
public final class CalibratedModel implements Forecaster.Model, Serializable {

  private static final long serialVersionUID = 1L;

  private final String name;
  private final PointModel point;
  private final double quantile;
  private final double[] offsets;
  private final Duration step;

  CalibratedModel(String name, PointModel point, double quantile, double[] offsets, Duration step) {
    this.name = name;
    this.point = point;
    this.quantile = quantile;
    this.offsets = offsets.clone();
    this.step = step;
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

  /** The calibrated upper offsets, one per step ahead. */
  public double[] offsets() {
    return offsets.clone();
  }

  public Map<String, Double> importance() {
    return point.importance();
  }

  @Override
  public Forecast forecast(Series recent, int horizon) {
    if (!recent.step().equals(step)) {
      throw new IllegalArgumentException(
          "model " + name + " was fitted at step " + step + ", got a series at " + recent.step());
    }
    double[] p = point.predict(recent.values(), recent.start(), recent.size(), horizon);
    double[] u = new double[horizon];
    for (int h = 0; h < horizon; h++) {
      p[h] = Math.max(0, Double.isNaN(p[h]) ? 0 : p[h]);
      double off = offsets.length == 0 ? 0 : offsets[Math.min(h, offsets.length - 1)];
      u[h] = Math.max(p[h], p[h] + off);
    }
    return new Forecast(name, recent.end(), step, quantile, p, u);
  }

  @Override
  public String toString() {
    return name + "[q=" + quantile + ", offsets=" + Arrays.toString(offsets) + "]";
  }
}
