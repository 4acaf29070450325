package io.yogurt.forecasting;

import io.yogurt.models.Series;
import java.time.Duration;
import java.time.Instant;

/**
 * The value one period (a day, a week) earlier. The baseline every other model must beat. A gap one
 * period back falls back to two periods back, then to the last value seen.
 */
public final class SeasonalNaive extends PointForecaster {

  private final Duration period;

  public SeasonalNaive(String name, Duration period, Duration horizon, double quantile) {
    super(name, horizon, quantile);
    this.period = period;
  }

  @Override
  PointModel fitPoint(Series history) {
    return new Model(SeriesMath.stepsIn(period, history.step()));
  }

  private record Model(int period) implements PointModel {
    @Override
    public double[] predict(double[] v, Instant start, int origin, int horizon) {
      double last = SeriesMath.lastObserved(v, origin, origin);
      double[] p = new double[horizon];
      for (int h = 0; h < horizon; h++) {
        int t = origin + h;
        int back = t - period * (int) Math.ceil((t - origin + 1) / (double) period);
        p[h] =
            SeriesMath.firstKnown(
                SeriesMath.at(v, back, origin), SeriesMath.at(v, back - period, origin), last);
      }
      return p;
    }
  }
}
