package io.yogurt.forecasting;

import io.yogurt.models.Forecast;
import io.yogurt.models.Forecaster;
import io.yogurt.models.Series;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the rolling-origin backtest of {@link BacktestProtocol}. Every model sees only a copy of the
 * series up to its origin, so no model can look ahead, whatever it does.
 */
public final class Backtest {

  private final BacktestProtocol protocol;
  private final Progress progress;

  public Backtest(BacktestProtocol protocol, Progress progress) {
    this.protocol = protocol;
    this.progress = progress;
  }

  /** Checks that the series is long enough for the protocol; the message says what is missing. */
  public static void checkFits(Series s, BacktestProtocol p) {
    long needed = p.train().plus(p.horizon()).toMillis();
    long have = s.step().multipliedBy(s.size()).toMillis();
    if (have < needed) {
      throw new IllegalArgumentException("the series covers " + Duration.ofMillis(have).toHours()
          + "h but the protocol needs at least train + horizon = " + Duration.ofMillis(needed).toHours() + "h");
    }
  }

  public BacktestResult run(Series s, List<Forecaster> forecasters) {
    checkFits(s, protocol);
    Duration step = s.step();
    int train = SeriesMath.stepsIn(protocol.train(), step);
    int test = SeriesMath.stepsIn(protocol.test(), step);
    int every = SeriesMath.stepsIn(protocol.every(), step);
    int refit = SeriesMath.stepsIn(protocol.refit(), step);
    int horizon = SeriesMath.stepsIn(protocol.horizon(), step);
    double scale = maseScale(s.values(), train, SeriesMath.stepsIn(Duration.ofDays(1), step));

    List<Integer> origins = new ArrayList<>();
    for (int o = train; o < Math.min(train + test, s.size() - horizon + 1); o += every) {
      origins.add(o);
    }
    int m = forecasters.size();
    ErrorAccumulator[][] acc = new ErrorAccumulator[m][];
    for (int i = 0; i < m; i++) {
      acc[i] = ErrorAccumulator.perStep(horizon);
    }
    Forecaster.Model[] fitted = new Forecaster.Model[m];
    long[] fitNanos = new long[m];
    long[] forecastNanos = new long[m];
    List<List<Forecast>> issued = new ArrayList<>();
    forecasters.forEach(f -> issued.add(new ArrayList<>()));
    int lastFit = Integer.MIN_VALUE / 2;
    int refits = 0;
    for (int k = 0; k < origins.size(); k++) {
      int o = origins.get(k);
      Series window = s.slice(Math.max(0, o - train), o);
      boolean refitNow = o - lastFit >= refit;
      if (refitNow) {
        lastFit = o;
        refits++;
      }
      for (int i = 0; i < m; i++) {
        if (refitNow) {
          long t0 = System.nanoTime();
          fitted[i] = forecasters.get(i).fit(window);
          fitNanos[i] += System.nanoTime() - t0;
        }
        long t0 = System.nanoTime();
        Forecast f = fitted[i].forecast(window, horizon);
        forecastNanos[i] += System.nanoTime() - t0;
        issued.get(i).add(f);
        ErrorAccumulator.addForecast(acc[i], f, s, o);
      }
      progress.update(k + 1, origins.size(), "origin " + s.timeAt(o));
    }
    List<ModelScores> scores = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      scores.add(new ModelScores(forecasters.get(i).name(), ErrorAccumulator.scores(acc[i], scale),
          refits == 0 ? 0 : fitNanos[i] / 1e6 / refits,
          origins.isEmpty() ? 0 : forecastNanos[i] / 1e3 / origins.size()));
    }
    return new BacktestResult(protocol, s, scale, scores, issued, origins.size(), refits);
  }

  /** Mean |y_t - y_(t-day)| over the first training window (the MASE scale). */
  static double maseScale(double[] v, int train, int day) {
    double sum = 0;
    int n = 0;
    for (int t = day; t < Math.min(train, v.length); t++) {
      if (!Double.isNaN(v[t]) && !Double.isNaN(v[t - day])) {
        sum += Math.abs(v[t] - v[t - day]);
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }
}
