package io.yogurt.forecasting;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One model's backtest: its scores per step ahead and how long fitting and forecasting took.
 *
 * @param fitMillis mean wall time of one fit
 * @param forecastMicros mean wall time of one forecast
 * @param meanMaseError the standard error of {@link #meanMase} across forecast origins (how much of
 *     a difference to another model is noise); NaN where not measured
 */
public record ModelScores(
    String model,
    List<HorizonScore> horizons,
    double fitMillis,
    double forecastMicros,
    double meanMaseError) {

  public ModelScores {
    horizons = List.copyOf(horizons);
  }

  public ModelScores(
      String model, List<HorizonScore> horizons, double fitMillis, double forecastMicros) {
    this(model, horizons, fitMillis, forecastMicros, Double.NaN);
  }

  public double meanMase() {
    return mean(HorizonScore::mase);
  }

  public double meanMae() {
    return mean(HorizonScore::mae);
  }

  public double meanRmse() {
    return mean(HorizonScore::rmse);
  }

  public double meanSmape() {
    return mean(HorizonScore::smape);
  }

  public double meanMape() {
    return mean(HorizonScore::mape);
  }

  public double meanCoverage() {
    return mean(HorizonScore::coverage);
  }

  public double meanPinball() {
    return mean(HorizonScore::pinball);
  }

  private double mean(ToDoubleFunction<HorizonScore> f) {
    return horizons.stream()
        .mapToDouble(f)
        .filter(x -> !Double.isNaN(x))
        .average()
        .orElse(Double.NaN);
  }
}
