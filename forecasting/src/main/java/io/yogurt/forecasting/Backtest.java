package io.yogurt.forecasting;

import io.yogurt.models.Forecast;
import io.yogurt.models.Forecaster;
import io.yogurt.models.Progress;
import io.yogurt.models.Series;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the rolling-origin backtest of {@link BacktestProtocol}. Every model sees only a copy of the
 * series up to its origin, so no model can look ahead, whatever it does.
 */
public final class Backtest {

  /**
   * The row of {@link #replayingSelection}: what the training job would have run, re-choosing at
   * every refit.
   */
  public static final String AUTO = SelectingForecaster.NAME;

  private final BacktestProtocol protocol;
  private final Progress progress;
  private final boolean replaySelection;

  public Backtest(BacktestProtocol protocol, Progress progress) {
    this(protocol, progress, false);
  }

  private Backtest(BacktestProtocol protocol, Progress progress, boolean replaySelection) {
    this.protocol = protocol;
    this.progress = progress;
    this.replaySelection = replaySelection;
  }

  /**
   * The same backtest with one more row, {@value #AUTO}: at every refit, the model that {@link
   * Trainer#select} would choose on that training window (the same held-out tail, the same rule),
   * scored on what followed. It measures the selection itself, which one choice on the first window
   * cannot. Needs the seasonal-naive baselines among the models, as the trainer has them.
   */
  public Backtest replayingSelection() {
    return new Backtest(protocol, progress, true);
  }

  /** Checks that the series is long enough for the protocol; the message says what is missing. */
  public static void checkFits(Series s, BacktestProtocol p) {
    long needed = p.train().plus(p.horizon()).toMillis();
    long have = s.step().multipliedBy(s.size()).toMillis();
    if (have < needed) {
      throw new IllegalArgumentException(
          "the series covers "
              + Duration.ofMillis(have).toHours()
              + "h but the protocol needs at least train + horizon = "
              + Duration.ofMillis(needed).toHours()
              + "h");
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
    int rows = replaySelection ? m + 1 : m;
    ErrorAccumulator[][] acc = new ErrorAccumulator[rows][];
    for (int i = 0; i < rows; i++) {
      acc[i] = ErrorAccumulator.perStep(horizon);
    }
    Forecaster.Model[] fitted = new Forecaster.Model[m];
    long[] fitNanos = new long[rows];
    long[] forecastNanos = new long[rows];
    List<List<Forecast>> issued = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      issued.add(new ArrayList<>());
    }
    long[] took = new long[m]; // each model's forecast time at this origin
    List<String> choices = new ArrayList<>();
    int chosen = -1;
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
        took[i] = System.nanoTime() - t0;
        forecastNanos[i] += took[i];
        issued.get(i).add(f);
        ErrorAccumulator.addForecast(acc[i], f, s, o);
      }
      if (replaySelection) {
        if (refitNow) {
          chosen = indexOf(forecasters, chooseAmong(fitted, window, horizon));
          choices.add(forecasters.get(chosen).name());
        }
        forecastNanos[m] += took[chosen];
        Forecast f = issued.get(chosen).get(k);
        issued.get(m).add(f);
        ErrorAccumulator.addForecast(acc[m], f, s, o);
      }
      progress.update("origin " + s.timeAt(o), k + 1, origins.size());
    }
    if (replaySelection) {
      for (int i = 0; i < m; i++) {
        fitNanos[m] += fitNanos[i]; // choosing fits every candidate
      }
    }
    List<ModelScores> scores = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      scores.add(
          new ModelScores(
              i < m ? forecasters.get(i).name() : AUTO,
              ErrorAccumulator.scores(acc[i], scale),
              refits == 0 ? 0 : fitNanos[i] / 1e6 / refits,
              origins.isEmpty() ? 0 : forecastNanos[i] / 1e3 / origins.size()));
    }
    return new BacktestResult(protocol, s, scale, scores, issued, origins.size(), refits, choices);
  }

  /**
   * The name of the model {@link Trainer#select} would choose among these fits on {@code window}.
   */
  private static String chooseAmong(Forecaster.Model[] fitted, Series window, int horizon) {
    int from = PointForecaster.holdoutStart(window.size(), horizon, window.step());
    if (!Trainer.canCompare(window, from, horizon)) {
      return Trainer.tooShort(window).selected();
    }
    List<ModelScores> scores = new ArrayList<>();
    for (Forecaster.Model model : fitted) {
      if (model instanceof CalibratedModel c) {
        scores.add(Trainer.holdoutScore(c, window, from, horizon, 0));
      }
    }
    return Trainer.choose(scores).selected();
  }

  private static int indexOf(List<Forecaster> forecasters, String name) {
    for (int i = 0; i < forecasters.size(); i++) {
      if (forecasters.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "replaying the selection needs model " + name + " among those backtested");
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
