package io.yogurt.forecasting;

import io.yogurt.models.Forecast;
import io.yogurt.models.Series;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
    ErrorAccumulator[] acc = new ErrorAccumulator[horizon];
    for (int h = 0; h < horizon; h++) {
      acc[h] = new ErrorAccumulator();
    }
    long forecastNanos = 0;
    int origins = 0;
    for (int o = from; o + horizon <= series.size(); o += every) {
      long t0 = System.nanoTime();
      Forecast f = model.forecast(series.slice(0, o), horizon);
      forecastNanos += System.nanoTime() - t0;
      origins++;
      for (int h = 0; h < horizon; h++) {
        double actual = series.valueAt(o + h);
        if (!Double.isNaN(actual)) {
          acc[h].add(actual, f.point()[h], f.upper()[h], f.quantile());
        }
      }
    }
    List<HorizonScore> scores = new ArrayList<>(horizon);
    for (int h = 0; h < horizon; h++) {
      scores.add(acc[h].score(h + 1, scale));
    }
    return new ModelScores(model.name(), scores, fitMillis, origins == 0 ? 0 : forecastNanos / 1e3 / origins);
  }
}
