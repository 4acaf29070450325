package io.yogurt.forecasting;

import io.yogurt.models.Series;
import java.time.Duration;
import java.time.Instant;

/**
 * The classical baseline: a seasonal decomposition (a daily profile, each slot the mean of the
 * value minus a day-long centred moving average, plus a day-of-week offset once a week is seen),
 * then damped Holt exponential smoothing of the deseasonalised rest, with its smoothing constants
 * chosen by one-step error on the history. Forecast = smoothed level and trend + the slot's
 * profile.
 */
public final class StlEts extends PointForecaster {

  private static final double[] ALPHAS = {0.05, 0.1, 0.2, 0.4, 0.7};
  private static final double[] BETAS = {0.0, 0.02, 0.1};
  private static final double PHI = 0.9;

  public StlEts(String name, Duration horizon, double quantile) {
    super(name, horizon, quantile);
  }

  @Override
  PointModel fitPoint(Series history) {
    double[] v = history.values();
    int day = SeriesMath.stepsIn(Duration.ofDays(1), history.step());
    double[] trend = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      trend[i] = SeriesMath.nanMean(v, i - day / 2, i + day / 2 + 1);
    }
    long firstStep = Math.floorDiv(history.start().toEpochMilli(), history.step().toMillis());
    double[] profile = slotMeans(v, trend, null, firstStep, day, 1);
    // A day-of-week offset once a whole week is seen: weekends are not weekdays.
    double[] weekday =
        v.length >= 7 * day ? slotMeans(v, trend, profile, firstStep, day, 7) : new double[7];
    Model best = null;
    double bestError = Double.POSITIVE_INFINITY;
    for (double a : ALPHAS) {
      for (double b : BETAS) {
        Model m = new Model(profile, weekday, day, history.step().toMillis(), a, b, 4 * day);
        double e = m.oneStepError(v, history.start());
        if (e < bestError) {
          bestError = e;
          best = m;
        }
      }
    }
    return best;
  }

  /**
   * Mean of {@code v - trend (- profile)} per slot: per step of the day when {@code days} is 1, per
   * day of the week when it is 7.
   */
  private static double[] slotMeans(
      double[] v, double[] trend, double[] profile, long firstStep, int day, int days) {
    int slots = days == 1 ? day : 7;
    double[] sum = new double[slots];
    int[] count = new int[slots];
    for (int i = 0; i < v.length; i++) {
      if (Double.isNaN(v[i]) || Double.isNaN(trend[i])) {
        continue;
      }
      long abs = firstStep + i;
      double x = v[i] - trend[i];
      int slot;
      if (days == 1) {
        slot = (int) Math.floorMod(abs, (long) day);
      } else {
        x -= profile[(int) Math.floorMod(abs, (long) day)];
        slot = (int) Math.floorMod(Math.floorDiv(abs, (long) day), 7L);
      }
      sum[slot] += x;
      count[slot]++;
    }
    double[] mean = new double[slots];
    for (int s = 0; s < slots; s++) {
      mean[s] = count[s] == 0 ? 0 : sum[s] / count[s];
    }
    return mean;
  }

  private record Model(
      double[] profile,
      double[] weekday,
      int day,
      long stepMillis,
      double alpha,
      double beta,
      int warmup)
      implements PointModel {

    private double season(long abs) {
      return profile[(int) Math.floorMod(abs, (long) day)]
          + weekday[(int) Math.floorMod(Math.floorDiv(abs, (long) day), 7L)];
    }

    /** Runs the smoother over v[from, origin) and returns {level, trend}. */
    private double[] smooth(double[] v, long firstStep, int from, int origin, double[] sse) {
      double level = Double.NaN;
      double trend = 0;
      for (int i = from; i < origin; i++) {
        if (Double.isNaN(v[i])) {
          if (!Double.isNaN(level)) {
            level += PHI * trend;
            trend *= PHI;
          }
          continue;
        }
        double y = v[i] - season(firstStep + i);
        if (Double.isNaN(level)) {
          level = y;
          continue;
        }
        double predicted = level + PHI * trend;
        if (sse != null) {
          sse[0] += (y - predicted) * (y - predicted);
        }
        double newLevel = alpha * y + (1 - alpha) * predicted;
        trend = beta * (newLevel - level) + (1 - beta) * PHI * trend;
        level = newLevel;
      }
      return new double[] {level, trend};
    }

    double oneStepError(double[] v, Instant start) {
      double[] sse = {0};
      smooth(v, Math.floorDiv(start.toEpochMilli(), stepMillis), 0, v.length, sse);
      return sse[0];
    }

    @Override
    public double[] predict(double[] v, Instant start, int origin, int horizon) {
      long firstStep = Math.floorDiv(start.toEpochMilli(), stepMillis);
      double[] state = smooth(v, firstStep, Math.max(0, origin - warmup), origin, null);
      double level = Double.isNaN(state[0]) ? 0 : state[0];
      double[] p = new double[horizon];
      double damp = 0;
      for (int h = 0; h < horizon; h++) {
        damp += Math.pow(PHI, h + 1);
        p[h] = level + damp * state[1] + season(firstStep + origin + h);
      }
      return p;
    }
  }
}
