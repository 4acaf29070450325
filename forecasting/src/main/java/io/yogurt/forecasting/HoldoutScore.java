package io.yogurt.forecasting;

import io.yogurt.models.Forecast;
import io.yogurt.models.Series;
import java.time.Duration;

/**
 * Scores a fitted model on the tail of its series that its point model never saw: a forecast from
 * an origin every {@code every} steps, errors per step ahead, MASE scaled on the part it was
 * fitted on. The same tail calibrated its upper quantile, so one fit serves both.
 */
final class HoldoutScore {

  private HoldoutScore() {}

  /**
   * @param from where the tail the model was not fitted on begins ({@link PointForecaster#holdoutStart})
   */
  static ModelScores score(
      CalibratedModel model, Series series, int from, int horizon, int every, double fitMillis) {
    double scale = Backtest.maseScale(series.values(), from,
        SeriesMath.stepsIn(Duration.ofDays(1), series.step()));
    ErrorAccumulator[] acc = ErrorAccumulator.perStep(horizon);
    long forecastNanos = 0;
    int origins = 0;
    for (int o = from; o + horizon <= series.size(); o += every) {
      long t0 = System.nanoTime();
      Forecast f = model.forecast(series.slice(0, o), horizon);
      forecastNanos += System.nanoTime() - t0;
      origins++;
      ErrorAccumulator.addForecast(acc, f, series, o);
    }
    return new ModelScores(model.name(), ErrorAccumulator.scores(acc, scale), fitMillis, origins == 0 ? 0 : forecastNanos / 1e3 / origins);
  }
}
