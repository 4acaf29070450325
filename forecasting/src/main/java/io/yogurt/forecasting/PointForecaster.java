package io.yogurt.forecasting;

import io.yogurt.models.Forecaster;
import io.yogurt.models.Series;
import java.time.Duration;

/**
 * Base of Yogurt's forecasters: fits a point model on all but a calibration tail of the history,
 * then calibrates the upper quantile on that tail (split conformal). The tail is the last fifth of
 * the history, at least four horizons and at most two days.
 */
public abstract class PointForecaster implements Forecaster {

  private final String name;
  private final Duration horizon;
  private final double quantile;

  protected PointForecaster(String name, Duration horizon, double quantile) {
    this.name = name;
    this.horizon = horizon;
    this.quantile = quantile;
  }

  @Override
  public final String name() {
    return name;
  }

  /** The upper quantile this forecaster provides. */
  protected final double quantile() {
    return quantile;
  }

  /** The horizon in steps of {@code step}. */
  protected final int horizonSteps(Duration step) {
    return SeriesMath.stepsIn(horizon, step);
  }

  /** Fits the point model on {@code history} (gaps allowed). */
  abstract PointModel fitPoint(Series history);

  @Override
  public CalibratedModel fit(Series history) {
    int n = history.size();
    int steps = horizonSteps(history.step());
    int tail = Math.min(Math.max(4 * steps, n / 5), SeriesMath.stepsIn(Duration.ofDays(2), history.step()));
    boolean split = n - tail >= Math.max(2 * tail, 24);
    int cut = split ? n - tail : n;
    PointModel model = FitCache.fit(this, split ? history.slice(0, cut) : history);
    // Without enough data to hold a tail out, calibrate in-sample (optimistic, but better than none).
    double[] off = Conformal.offsets(
        model, history.values(), history.start(), split ? cut : Math.max(1, n - tail), n, steps, quantile);
    return new CalibratedModel(name, model, quantile, off, history.step());
  }

  @Override
  public String toString() {
    return name;
  }
}
