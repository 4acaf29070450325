package io.yogurt.forecasting;

import io.yogurt.models.Forecast;
import io.yogurt.models.Series;
import java.util.List;

/**
 * What a backtest measured.
 *
 * @param series the series it ran on (after aggregation)
 * @param scale the MASE scale: mean |y_t - y_(t-1 day)| over the first training window
 * @param models scores per model, in the order given
 * @param forecasts every forecast issued, per model, in origin order (for charts)
 * @param origins number of forecast origins
 * @param refits number of times each model was fitted
 * @param choices with {@link Backtest#replayingSelection}: the model chosen at each refit, else
 *     empty
 */
public record BacktestResult(
    BacktestProtocol protocol,
    Series series,
    double scale,
    List<ModelScores> models,
    List<List<Forecast>> forecasts,
    int origins,
    int refits,
    List<String> choices) {

  public BacktestResult {
    choices = List.copyOf(choices);
  }

  /** The scores of the named model. */
  public ModelScores scoresOf(String model) {
    return models.stream()
        .filter(m -> m.model().equals(model))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no model " + model + " in this backtest"));
  }

  /** The forecasts of the named model. */
  public List<Forecast> forecastsOf(String model) {
    for (int i = 0; i < models.size(); i++) {
      if (models.get(i).model().equals(model)) {
        return forecasts.get(i);
      }
    }
    throw new IllegalArgumentException("no model " + model + " in this backtest");
  }
}
