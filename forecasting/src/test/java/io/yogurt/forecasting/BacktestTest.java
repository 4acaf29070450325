package io.yogurt.forecasting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.models.Forecast;
import io.yogurt.models.Forecaster;
import io.yogurt.models.Progress;
import io.yogurt.models.Series;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BacktestTest {

  private final BacktestProtocol protocol =
      new BacktestProtocol(
          Duration.ofDays(7),
          Duration.ofDays(2),
          Duration.ofHours(1),
          Duration.ofMinutes(60),
          Duration.ofHours(12));

  private List<Forecaster> models() {
    return ModelCatalog.createAll(
        List.of("stl-ets", "ridge", "gbm", "gbm-quantile", "random-forest"),
        protocol.horizon(),
        0.9);
  }

  /** Poisoning everything after an origin changes no forecast issued at or before it. */
  @Test
  void forecastsNeverSeeTheFuture() {
    Series clean = Synthetic.seasonal(Duration.ofMinutes(10), 9, 4, 5);
    int cut = 7 * 144 + 30; // 5 hours into the test: origins at 7d..7d+5h are before the poison
    double[] v = clean.values().clone();
    Arrays.fill(v, cut, v.length, 1e9);
    Series poisoned = new Series(clean.start(), clean.step(), v);

    BacktestResult a = new Backtest(protocol, Progress.NONE).run(clean, models());
    BacktestResult b = new Backtest(protocol, Progress.NONE).run(poisoned, models());
    int checked = 0;
    for (int m = 0; m < a.models().size(); m++) {
      List<Forecast> fa = a.forecasts().get(m);
      List<Forecast> fb = b.forecasts().get(m);
      for (int k = 0; k < fa.size(); k++) {
        if (!fa.get(k).origin().isAfter(clean.timeAt(cut))) {
          assertArrayEquals(fa.get(k).point(), fb.get(k).point(), 0.0, a.models().get(m).model());
          assertArrayEquals(fa.get(k).upper(), fb.get(k).upper(), 0.0, a.models().get(m).model());
          checked++;
        }
      }
    }
    assertTrue(checked >= 6 * a.models().size(), "checked " + checked);
  }

  @Test
  void followsTheProtocol() {
    Series s = Synthetic.seasonal(Duration.ofMinutes(10), 9, 4, 5);
    BacktestResult r = new Backtest(protocol, Progress.NONE).run(s, models());
    assertEquals(48, r.origins()); // every hour over 2 days
    assertEquals(4, r.refits()); // every 12 hours
    assertEquals(
        List.of(
            "seasonal-naive-1d",
            "seasonal-naive-1w",
            "stl-ets",
            "ridge",
            "gbm",
            "gbm-quantile",
            "random-forest"),
        r.models().stream().map(ModelScores::model).toList());
    for (ModelScores m : r.models()) {
      assertEquals(6, m.horizons().size());
      assertEquals(48, m.horizons().get(0).n());
    }
    assertEquals(s.timeAt(7 * 144), r.forecasts().get(0).get(0).origin());
  }

  /**
   * The auto row issues, at every origin, the forecast of the model the trainer chose at the last
   * refit.
   */
  @Test
  void replaysTheSelectionAtEveryRefit() {
    Series s = Synthetic.seasonal(Duration.ofMinutes(10), 9, 4, 5);
    List<String> names = List.of("stl-ets", "ridge", "log-elastic-net", "log-stl-ets");
    List<Forecaster> models = ModelCatalog.createAll(names, protocol.horizon(), 0.9);
    BacktestResult r = new Backtest(protocol, Progress.NONE).replayingSelection().run(s, models);
    assertEquals(Backtest.AUTO, r.models().get(models.size()).model());
    assertEquals(r.refits(), r.choices().size());
    List<Forecast> auto = r.forecastsOf(Backtest.AUTO);
    int refitEvery = 12; // origins per refit: every hour, refit every 12 hours
    ForecastSettings settings =
        new ForecastSettings(
            names,
            protocol.horizon(),
            s.step(),
            0.9,
            protocol.train(),
            protocol.refit(),
            protocol.train(),
            protocol.every());
    for (int k = 0; k < auto.size(); k++) {
      String chosen = r.choices().get(k / refitEvery);
      assertEquals(chosen, auto.get(k).model());
      assertArrayEquals(r.forecastsOf(chosen).get(k).point(), auto.get(k).point(), 0.0);
    }
    for (int refit = 0; refit < r.refits(); refit++) {
      int origin = 7 * 144 + refit * 72;
      assertEquals(
          new Trainer(settings, Progress.NONE).select(s.slice(origin - 7 * 144, origin)).selected(),
          r.choices().get(refit),
          "refit " + refit);
    }
  }

  @Test
  void refusesASeriesShorterThanTheProtocol() {
    Series s = Synthetic.seasonal(Duration.ofMinutes(10), 5, 4, 5);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Backtest(protocol, Progress.NONE).run(s, models()));
    assertTrue(e.getMessage().contains("train + horizon"), e.getMessage());
  }

  @Test
  void errorMetricsAreExact() {
    ErrorAccumulator acc = new ErrorAccumulator();
    acc.add(10, 8, 12, 0.9); // e=2, covered, pinball 0.1*2
    acc.add(0, 2, 1, 0.9); // e=-2, covered, pinball 0.1*1
    acc.add(10, 10, 9, 0.9); // e=0, not covered, pinball 0.9*1
    HorizonScore h = acc.score(1, 2.0);
    assertEquals(4.0 / 3, h.mae(), 1e-12);
    assertEquals(Math.sqrt(8.0 / 3), h.rmse(), 1e-12);
    assertEquals(2.0 / 3, h.mase(), 1e-12);
    assertEquals(100 * (2 * 2 / 18.0 + 2 * 2 / 2.0 + 0) / 3, h.smape(), 1e-9);
    assertEquals(100 * 0.2 / 2, h.mape(), 1e-9);
    assertEquals(2.0 / 3, h.coverage(), 1e-12);
    assertEquals((0.2 + 0.1 + 0.9) / 3, h.pinball(), 1e-12);
  }
}
