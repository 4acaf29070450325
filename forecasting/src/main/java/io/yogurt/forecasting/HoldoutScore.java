package io.yogurt.forecasting;

import io.yogurt.models.Forecast;
import io.yogurt.models.Series;
import java.time.Duration;

/**
 * Scores a fitted model on the tail of its series that its point model never saw: a forecast from
 * an origin every {@code every} steps, errors per step ahead, MASE scaled on the part it was fitted
 * on, and the standard error of that mean across origins. The same tail calibrated its upper
 * quantile, so one fit serves both.
 */
final class HoldoutScore {

  private HoldoutScore() {}

  /**
   * @param from where the tail the model was not fitted on begins ({@link
   *     PointForecaster#holdoutStart})
   */
  static ModelScores score(
      CalibratedModel model, Series series, int from, int horizon, int every, double fitMillis) {
    double scale =
        Backtest.maseScale(
            series.values(), from, SeriesMath.stepsIn(Duration.ofDays(1), series.step()));
    ErrorAccumulator[] acc = ErrorAccumulator.perStep(horizon);
    long forecastNanos = 0;
    int origins = 0;
    double sum = 0;
    double sumSquares = 0;
    int scored = 0;
    for (int o = from; o + horizon <= series.size(); o += every) {
      long t0 = System.nanoTime();
      Forecast f = model.forecast(series.slice(0, o), horizon);
      forecastNanos += System.nanoTime() - t0;
      origins++;
      ErrorAccumulator.addForecast(acc, f, series, o);
      double e = scaledError(f, series, o, scale);
      if (!Double.isNaN(e)) {
        sum += e;
        sumSquares += e * e;
        scored++;
      }
    }
    return new ModelScores(
        model.name(),
        ErrorAccumulator.scores(acc, scale),
        fitMillis,
        origins == 0 ? 0 : forecastNanos / 1e3 / origins,
        standardError(sum, sumSquares, scored));
  }

  /** The forecast's mean absolute error over the steps recorded, divided by the MASE scale. */
  private static double scaledError(Forecast f, Series series, int origin, double scale) {
    double abs = 0;
    int n = 0;
    for (int h = 0; h < f.point().length; h++) {
      double actual = series.valueAt(origin + h);
      if (!Double.isNaN(actual)) {
        abs += Math.abs(actual - f.point()[h]);
        n++;
      }
    }
    return n == 0 || !(scale > 0) ? Double.NaN : abs / n / scale;
  }

  /**
   * The standard error of a mean of {@code n} values. Origins closer than a horizon share steps, so
   * it understates the noise a little.
   */
  static double standardError(double sum, double sumSquares, int n) {
    if (n < 2) {
      return Double.NaN;
    }
    double mean = sum / n;
    double variance = Math.max(0, (sumSquares - n * mean * mean) / (n - 1));
    return Math.sqrt(variance / n);
  }
}
