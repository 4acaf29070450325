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

  /** The most recent origins a calibration keeps. */
  static final Duration CALIBRATION_WINDOW = Duration.ofDays(2);

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

  /** How far ahead it forecasts. */
  protected final Duration horizon() {
    return horizon;
  }

  /** The upper quantile this forecaster provides. */
  protected final double quantile() {
    return quantile;
  }

  /** The horizon in steps of {@code step}. */
  protected final int horizonSteps(Duration step) {
    return SeriesMath.stepsIn(horizon, step);
  }

  /**
   * Whether its fit reuses other forecasters' fits on the same data ({@link FitCache}): such a
   * forecaster is best fitted after them.
   */
  boolean buildsOnOtherFits() {
    return false;
  }

  /** Fits the point model on {@code history} (gaps allowed). */
  abstract PointModel fitPoint(Series history);

  @Override
  public CalibratedModel fit(Series history) {
    int n = history.size();
    int steps = horizonSteps(history.step());
    int cut = holdoutStart(n, steps, history.step());
    boolean split = cut < n;
    PointModel model = FitCache.fit(this, split ? history.slice(0, cut) : history);
    // Without enough data to hold a tail out, calibrate in-sample (optimistic, but better than
    // none).
    int from = split ? cut : Math.max(1, n - calibrationTail(n, steps, history.step()));
    int stride = Conformal.stride(from, n);
    double[][] rows =
        Conformal.residuals(model, history.values(), history.start(), from, n, stride, steps);
    long[] origins = new long[rows.length];
    for (int k = 0; k < rows.length; k++) {
      origins[k] = history.timeAt(from + k * stride).toEpochMilli();
    }
    // Recalibration (updated) slides over the longest tail a fit holds out: two days.
    long window = CALIBRATION_WINDOW.toMillis();
    return new CalibratedModel(
        name,
        model,
        quantile,
        history.step(),
        new CalibratedModel.Residuals(origins, rows, window),
        null);
  }

  /**
   * Where the held-out tail of {@code n} steps begins: the point model is fitted on what precedes
   * it; {@code n} when the history is too short to hold a tail out.
   */
  static int holdoutStart(int n, int horizonSteps, Duration step) {
    int tail = calibrationTail(n, horizonSteps, step);
    return n - tail >= Math.max(2 * tail, 24) ? n - tail : n;
  }

  private static int calibrationTail(int n, int horizonSteps, Duration step) {
    return Math.min(
        Math.max(4 * horizonSteps, n / 5), SeriesMath.stepsIn(CALIBRATION_WINDOW, step));
  }

  @Override
  public String toString() {
    return name;
  }
}
