package io.yogurt.forecasting.bench;

import io.yogurt.config.trace.TraceFormat;
import io.yogurt.config.trace.TraceReader;
import io.yogurt.forecasting.Backtest;
import io.yogurt.forecasting.BacktestProtocol;
import io.yogurt.forecasting.BacktestResult;
import io.yogurt.forecasting.ForecastSettings;
import io.yogurt.forecasting.ModelCatalog;
import io.yogurt.forecasting.ModelScores;
import io.yogurt.forecasting.SeriesMath;
import io.yogurt.forecasting.TrainedModel;
import io.yogurt.forecasting.Trainer;
import io.yogurt.forecasting.report.BacktestReport;
import io.yogurt.forecasting.report.BacktestRunner;
import io.yogurt.forecasting.report.BacktestText;
import io.yogurt.models.Forecaster;
import io.yogurt.models.Progress;
import io.yogurt.models.Series;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Prints the forecasting figures: accuracy of every model against the baselines on the shipped
 * traces (rolling-origin backtest), and training time / forecast latency on 14 days of 1-minute
 * data. Run: {@code mvn -q -pl forecasting -am exec:java
 * -Dexec.mainClass=io.yogurt.forecasting.bench.ForecastBenchmark
 * -Dexec.args="simulations/traces/elb_request_count_8c0756.csv simulations/traces/nyc_taxi.csv"}.
 */
public final class ForecastBenchmark {

  private ForecastBenchmark() {}

  public static void main(String[] args) throws Exception {
    System.out.printf(
        Locale.ROOT,
        "machine: %d cores, java %s, %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        System.getProperty("os.arch"));
    timing();
    for (String file : args) {
      accuracy(Path.of(file));
    }
  }

  /** Training time and forecast latency on 14 days of synthetic 1-minute web-like traffic. */
  private static void timing() {
    Series s = synthetic(Duration.ofMinutes(1), 14 * 1440, 42);
    Duration horizon = Duration.ofMinutes(60);
    System.out.println("== timing: 14 days of 1-minute data (20160 steps), horizon 60 steps");
    System.out.println("model               fit_s   forecast_ms(p50)  forecast_ms(max)");
    for (String name : ModelCatalog.NAMES) {
      Forecaster f = ModelCatalog.create(name, horizon, 0.9);
      f.fit(s.slice(0, 5000)); // warm up the JIT
      long t0 = System.nanoTime();
      Forecaster.Model m = f.fit(s);
      double fit = (System.nanoTime() - t0) / 1e9;
      double[] lat = new double[50];
      for (int i = 0; i < lat.length; i++) {
        long t1 = System.nanoTime();
        m.forecast(s, 60);
        lat[i] = (System.nanoTime() - t1) / 1e6;
      }
      System.out.printf(
          Locale.ROOT,
          "%-18s %6.2f   %10.3f        %10.3f%n",
          name,
          fit,
          SeriesMath.quantile(lat, 0.5),
          Arrays.stream(lat).max().orElse(0));
    }
    // The ensemble above reused its members' fits on the same data (as in a backtest); fitted on
    // data its members have not seen (as the training job's final fit), it fits them all.
    Series other = synthetic(Duration.ofMinutes(1), 14 * 1440, 43);
    long cold = System.nanoTime();
    ModelCatalog.create(ModelCatalog.ENSEMBLE, horizon, 0.9).fit(other);
    System.out.printf(
        Locale.ROOT,
        "%-18s %6.2f   (members fitted too, nothing to reuse)%n",
        "ensemble (cold)",
        (System.nanoTime() - cold) / 1e9);
    // The whole training job: every candidate fitted and scored on its held-out tail, the winner
    // kept; one fit per core (the default), then one at a time (training-threads: 1).
    trainingJob(s, horizon, 0);
    trainingJob(s, horizon, 1);
  }

  private static void trainingJob(Series s, Duration horizon, int threads) {
    ForecastSettings settings =
        new ForecastSettings(
            ModelCatalog.DEFAULTS,
            horizon,
            s.step(),
            0.9,
            Duration.ofDays(14),
            Duration.ofHours(1),
            Duration.ofDays(1),
            Duration.ofHours(6),
            threads);
    long t0 = System.nanoTime();
    Trainer trainer = new Trainer(settings, Progress.NONE);
    Series window = trainer.window(s);
    Trainer.Selection selection = trainer.select(window);
    TrainedModel t = trainer.fit("bench", window, selection, s.end());
    System.out.printf(
        Locale.ROOT,
        "full training job (the %d default models fitted and scored, the winner kept;"
            + " %d fitting threads): %.2f s, selected %s%n",
        ModelCatalog.DEFAULTS.size(),
        settings.fittingThreads(),
        (System.nanoTime() - t0) / 1e9,
        t.info().model());
    StringBuilder each = new StringBuilder("  of which fits (s):");
    selection
        .scores()
        .forEach(
            m ->
                each.append(
                    String.format(Locale.ROOT, " %s %.2f", m.model(), m.fitMillis() / 1e3)));
    System.out.println(each);
  }

  private static void accuracy(Path file) throws Exception {
    Series raw = new TraceReader(TraceFormat.DEFAULT).read(file).toSeries();
    Duration step =
        raw.step().compareTo(Duration.ofMinutes(5)) < 0 ? Duration.ofMinutes(5) : raw.step();
    Series s = SeriesMath.sumTo(raw, step);
    Duration span = step.multipliedBy(s.size());
    Duration train =
        span.compareTo(Duration.ofDays(21)) >= 0 ? Duration.ofDays(14) : Duration.ofDays(7);
    Duration test =
        span.minus(train).compareTo(Duration.ofDays(28)) > 0
            ? Duration.ofDays(28)
            : span.minus(train);
    BacktestProtocol p =
        new BacktestProtocol(
            train, test, Duration.ofHours(1), Duration.ofMinutes(60), Duration.ofDays(1));
    long t0 = System.nanoTime();
    BacktestReport report =
        BacktestRunner.run(file.toString(), s, p, ModelCatalog.DEFAULTS, 0.9, Progress.NONE);
    BacktestResult r = report.result();
    System.out.printf(
        Locale.ROOT,
        "== accuracy: %s, step %s, train %dd, test %dd, every 1h, horizon 60m, refit daily (%d origins, %d refits, %.0f s)%n",
        file.getFileName(),
        step,
        train.toDays(),
        test.toDays(),
        r.origins(),
        r.refits(),
        (System.nanoTime() - t0) / 1e9);
    ModelScores naive = r.scoresOf(ModelCatalog.SEASONAL_NAIVE_DAY);
    ModelScores stl = r.scoresOf(ModelCatalog.STL_ETS);
    System.out.println(
        "model               MASE    MAE       RMSE      sMAPE%  cover   pinball   vs-stl   beats-naive-every-h  fit_ms");
    for (ModelScores m : r.models()) {
      boolean everyH = true;
      ModelScores best = bestBaseline(r);
      for (int h = 0; h < m.horizons().size(); h++) {
        everyH &= m.horizons().get(h).mase() < best.horizons().get(h).mase();
      }
      System.out.printf(
          Locale.ROOT,
          "%-18s %6.3f %9.1f %9.1f %7.2f %6.3f %9.2f %+7.1f%%   %-5s              %7.1f%n",
          m.model(),
          m.meanMase(),
          m.meanMae(),
          m.meanRmse(),
          m.meanSmape(),
          m.meanCoverage(),
          m.meanPinball(),
          100 * (m.meanMase() / stl.meanMase() - 1),
          everyH,
          m.fitMillis());
    }
    ModelScores selected = r.scoresOf(report.selection().selected());
    System.out.printf(
        Locale.ROOT,
        "selected on the first training window: %s (%s); its test MASE %.3f, %+.1f%% vs stl-ets%n",
        report.selection().selected(),
        report.selection().why(),
        selected.meanMase(),
        100 * (selected.meanMase() / stl.meanMase() - 1));
    ModelScores auto = r.scoresOf(Backtest.AUTO);
    StringBuilder perH =
        new StringBuilder("MASE by step ahead (selected / auto / best seasonal-naive):");
    ModelScores best = bestBaseline(r);
    for (int h = 0; h < selected.horizons().size(); h++) {
      perH.append(
          String.format(
              Locale.ROOT,
              " h%d %.3f/%.3f/%.3f",
              h + 1,
              selected.horizons().get(h).mase(),
              auto.horizons().get(h).mase(),
              best.horizons().get(h).mase()));
    }
    System.out.println(perH);
    System.out.printf(
        Locale.ROOT,
        "auto (chosen again at every refit, as the training job does): test MASE %.3f, %+.1f%% vs stl-ets; chose %s%n",
        auto.meanMase(),
        100 * (auto.meanMase() / stl.meanMase() - 1),
        BacktestText.counted(r.choices()));
    System.out.printf(Locale.ROOT, "(seasonal-naive-1d MASE %.3f)%n", naive.meanMase());
    System.out.printf(
        Locale.ROOT,
        "for scale, a clairvoyant that forecasts each horizon flat at the median of"
            + " what then arrives: MASE %.3f%n",
        clairvoyantMase(r));
  }

  /**
   * The MASE of a forecast no model can make: at every origin of the backtest, the median of the
   * actual values over the horizon, for every step. How far below it no forecast from the past is
   * likely to go tells how much of a trace's error is noise.
   */
  private static double clairvoyantMase(BacktestResult r) {
    Series s = r.series();
    BacktestProtocol p = r.protocol();
    int train = SeriesMath.stepsIn(p.train(), s.step());
    int test = SeriesMath.stepsIn(p.test(), s.step());
    int every = SeriesMath.stepsIn(p.every(), s.step());
    int horizon = SeriesMath.stepsIn(p.horizon(), s.step());
    double sum = 0;
    int n = 0;
    for (int o = train; o < Math.min(train + test, s.size() - horizon + 1); o += every) {
      double[] ahead = Arrays.copyOfRange(s.values(), o, o + horizon);
      double median = SeriesMath.quantile(ahead, 0.5);
      for (double actual : ahead) {
        if (!Double.isNaN(actual)) {
          sum += Math.abs(actual - median);
          n++;
        }
      }
    }
    return sum / n / r.scale();
  }

  private static ModelScores bestBaseline(BacktestResult r) {
    ModelScores d = r.scoresOf(ModelCatalog.SEASONAL_NAIVE_DAY);
    ModelScores w = r.scoresOf(ModelCatalog.SEASONAL_NAIVE_WEEK);
    return d.meanMase() <= w.meanMase() ? d : w;
  }

  /** Daily and weekly cycles, a slow trend and Poisson-like noise. */
  public static Series synthetic(Duration step, int n, long seed) {
    Random rnd = new Random(seed);
    double[] v = new double[n];
    Instant start = Instant.parse("2026-01-05T00:00:00Z");
    for (int i = 0; i < n; i++) {
      double days = i * step.toMillis() / 86_400_000.0;
      double level =
          100
              + 60 * Math.sin(2 * Math.PI * (days - 0.25))
              + (((int) days) % 7 >= 5 ? -30 : 0)
              + days;
      v[i] = Math.max(0, level + Math.sqrt(Math.max(1, level)) * rnd.nextGaussian());
    }
    return new Series(start, step, v);
  }
}
