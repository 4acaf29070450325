package io.yogurt.forecasting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.models.Forecast;
import io.yogurt.models.Progress;
import io.yogurt.models.Series;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastServiceTest {

  @TempDir Path dir;

  private final ForecastSettings settings =
      new ForecastSettings(
          List.of("ridge"),
          Duration.ofHours(1),
          Duration.ofMinutes(10),
          0.9,
          Duration.ofDays(10),
          Duration.ofHours(1),
          Duration.ofDays(2),
          Duration.ofHours(6));
  private final Series s = Synthetic.seasonal(Duration.ofMinutes(10), 10, 4, 9);

  @Test
  void trainsSelectsByBacktestAndForecastsFromNow() throws Exception {
    ForecastService service = new ForecastService(settings, new ModelStore(dir), Progress.NONE);
    Instant now = s.end().plusSeconds(200); // mid-way through a step that has not ended
    assertTrue(service.forecast("echo", s, now).isEmpty(), "no model yet");
    assertTrue(service.needsRetrain("echo", now));

    ForecastService.TrainOutcome out = service.train("echo", s, now);
    assertEquals(
        List.of("seasonal-naive-1d", "seasonal-naive-1w", "ridge"),
        out.selection().scores().stream().map(ModelScores::model).toList());
    assertEquals(out.selection().selected(), out.model().info().model());
    assertFalse(service.needsRetrain("echo", now.plus(Duration.ofMinutes(59))));
    assertTrue(service.needsRetrain("echo", now.plus(Duration.ofHours(1))));

    Forecast f = service.forecast("echo", s, now).orElseThrow();
    assertEquals(s.end(), f.origin());
    assertTrue(
        f.origin().plus(f.step().multipliedBy(f.horizon())).compareTo(now.plus(settings.horizon()))
            >= 0);

    // A new service instance finds the stored model.
    ForecastService restarted = new ForecastService(settings, new ModelStore(dir), Progress.NONE);
    assertEquals(
        out.model().info().version(), restarted.model("echo").orElseThrow().info().version());
  }

  @Test
  void refusesToTrainOnTooLittleHistory() {
    ForecastService service = new ForecastService(settings, new ModelStore(dir), Progress.NONE);
    Series day = s.slice(0, 144);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> service.train("echo", day, day.end()));
    assertTrue(e.getMessage().contains("min-history"), e.getMessage());
  }

  /** When traffic changes so that the model loses to seasonal-naive, it is demoted. */
  @Test
  void theLiveGateDemotesAModelThatLosesToSeasonalNaive() throws Exception {
    ModelStore store = new ModelStore(dir);
    ForecastService service = new ForecastService(settings, store, Progress.NONE);
    Series train = s.slice(0, 8 * 144);
    service.train("echo", train, train.end());
    assertTrue(service.checkLive("echo", train, train.end()).orElseThrow().pass());

    // A model that learnt no daily cycle (fitted on a flat series) only follows the recent level.
    ForecastSettings naive =
        new ForecastSettings(
            List.of(),
            settings.horizon(),
            settings.step(),
            0.9,
            settings.trainingWindow(),
            settings.retrainEvery(),
            settings.minHistory(),
            settings.liveWindow());
    double[] flat = new double[8 * 144];
    Arrays.fill(flat, 5);
    Series constant = new Series(s.start(), s.step(), flat);
    CalibratedModel bad = ModelCatalog.create("stl-ets", settings.horizon(), 0.9).fit(constant);
    Trainer.Selection sel = new Trainer.Selection("stl-ets", List.of(), 1.0, "");
    store.save(
        new TrainedModel(
            bad,
            new Trainer(naive, Progress.NONE).fit("other", constant, sel, train.end()).info()));
    ForecastService other = new ForecastService(settings, store, Progress.NONE);
    QualityGate.Verdict v = other.checkLive("other", s, s.end()).orElseThrow();
    assertFalse(v.pass(), v.why());
    assertTrue(v.why().contains("seasonal-naive"), v.why());
    assertTrue(other.model("other").isEmpty(), "demoted, nothing else stored");
    assertTrue(store.versions("other").get(0).demoted());
  }

  /** A model that learnt no daily cycle (fitted on a flat series): it loses on live data. */
  private TrainedModel flatModel(String service, Instant trainedAt) throws Exception {
    ForecastSettings none =
        new ForecastSettings(
            List.of(),
            settings.horizon(),
            settings.step(),
            0.9,
            settings.trainingWindow(),
            settings.retrainEvery(),
            settings.minHistory(),
            settings.liveWindow());
    double[] flat = new double[8 * 144];
    Arrays.fill(flat, 5);
    Series constant = new Series(s.start(), s.step(), flat);
    CalibratedModel bad = ModelCatalog.create("stl-ets", settings.horizon(), 0.9).fit(constant);
    Trainer.Selection sel = new Trainer.Selection("stl-ets", List.of(), 1.0, "");
    return new TrainedModel(
        bad, new Trainer(none, Progress.NONE).fit(service, constant, sel, trainedAt).info());
  }

  @Test
  void afterADemotionTheLoopIsReactiveUntilANewModelPassesTheLiveGate() throws Exception {
    ModelStore store = new ModelStore(dir);
    ForecastService service = new ForecastService(settings, store, Progress.NONE);
    Series train = s.slice(0, 8 * 144);
    String good = service.train("echo", train, train.end()).model().info().version();
    store.save(flatModel("echo", train.end().plusSeconds(60))); // a newer model, a bad one
    ForecastService running = new ForecastService(settings, store, Progress.NONE);
    assertFalse(running.checkLive("echo", s, s.end()).orElseThrow().pass());

    assertTrue(
        running.model("echo").isEmpty(),
        "no model in force: the older " + good + " was never checked on live data");
    assertTrue(running.forecast("echo", s, s.end()).isEmpty(), "reactive");
    assertTrue(running.status("echo").contains("reactive until"), running.status("echo"));
    assertFalse(
        running.needsRetrain("echo", train.end().plusSeconds(120)),
        "retrained at the usual cadence, not at once");

    Instant later = s.end().plus(Duration.ofHours(1));
    ForecastService.TrainOutcome retrained = running.train("echo", s, later);
    assertTrue(running.model("echo").isEmpty(), "trained, not yet judged on live data");
    running.checkLive("echo", s, later);
    assertTrue(running.model("echo").isEmpty(), "judged only after a whole live window");
    Series longer = Synthetic.seasonal(Duration.ofMinutes(10), 13, 4, 9);
    assertTrue(
        running.checkLive("echo", longer, later.plus(settings.liveWindow())).orElseThrow().pass());
    assertEquals(
        retrained.model().info().version(), running.model("echo").orElseThrow().info().version());
  }

  @Test
  void theStoreKeepsTheNewestVersionsAndTheLastGoodOne() throws Exception {
    ModelStore store = new ModelStore(dir);
    Instant t = s.end();
    String good = null;
    for (int i = 0; i < 30; i++) {
      TrainedModel m = flatModel("echo", t.plus(Duration.ofHours(i)));
      store.save(m);
      if (i == 2) {
        good = m.info().version();
      } else {
        store.demote("echo", m.info().version(), "lost on live data");
      }
    }
    assertEquals(5, store.prune("echo", ModelStore.KEEP));
    List<ModelInfo> kept = store.versions("echo");
    assertEquals(ModelStore.KEEP + 1, kept.size());
    assertEquals(good, kept.get(0).version(), "the last good one stays");
    assertEquals(t.plus(Duration.ofHours(29)).toString(), kept.get(kept.size() - 1).trainedAt());
  }
}
