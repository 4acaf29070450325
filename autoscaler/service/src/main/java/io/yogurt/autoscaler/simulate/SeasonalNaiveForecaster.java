package io.yogurt.autoscaler.simulate;

import io.yogurt.models.Forecast;
import io.yogurt.models.Forecaster;
import io.yogurt.models.Series;
import java.time.Duration;
import java.util.Arrays;

/**
 * Tomorrow looks like today: each future step is the value one season (a day) earlier. The upper
 * quantile adds the {@code quantile} of the past season-over-season increases, learned at fit. A
 * baseline, and the seam where a regression model (Smile) takes over.
 */
public final class SeasonalNaiveForecaster implements Forecaster {

  private final Duration season;
  private final double quantile;

  public SeasonalNaiveForecaster(Duration season, double quantile) {
    this.season = season;
    this.quantile = quantile;
  }

  @Override
  public String name() {
    return "seasonal-naive-" + season.toDays() + "d";
  }

  @Override
  public Model fit(Series history) {
    int lag = lag(history.step());
    double[] increases = new double[Math.max(0, history.size() - lag)];
    int n = 0;
    for (int i = lag; i < history.size(); i++) {
      double d = history.valueAt(i) - history.valueAt(i - lag);
      if (!Double.isNaN(d)) {
        increases[n++] = d;
      }
    }
    double margin =
        n == 0 ? Double.NaN : Math.max(0, quantileOf(Arrays.copyOf(increases, n), quantile));
    return new SeasonalNaive(name(), history.step(), lag, margin, quantile);
  }

  /** The fitted model: lag in steps and the margin added for the upper quantile. */
  private record SeasonalNaive(String name, Duration step, int lag, double margin, double quantile)
      implements Model {

    @Override
    public Forecast forecast(Series recent, int horizon) {
      if (!recent.step().equals(step)) {
        throw new IllegalArgumentException(
            "model fitted with step " + step + ", got " + recent.step());
      }
      double[] point = new double[horizon];
      double[] upper = new double[horizon];
      for (int h = 0; h < horizon; h++) {
        int i = recent.size() - lag + h;
        point[h] = i >= 0 && i < recent.size() ? recent.valueAt(i) : Double.NaN;
        upper[h] = point[h] + margin;
      }
      return new Forecast(name, recent.end(), step, quantile, point, upper);
    }
  }

  private int lag(Duration step) {
    return (int) Math.max(1, season.toMillis() / step.toMillis());
  }

  private static double quantileOf(double[] values, double q) {
    Arrays.sort(values);
    int i = (int) Math.min(values.length - 1, Math.max(0, Math.ceil(q * values.length) - 1));
    return values[i];
  }
}
