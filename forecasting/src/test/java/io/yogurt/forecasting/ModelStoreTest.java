package io.yogurt.forecasting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.models.Forecast;
import io.yogurt.models.Progress;
import io.yogurt.models.Series;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {

  @TempDir Path dir;

  private final ForecastSettings settings =
      new ForecastSettings(
          List.of("ridge", "gbm", "random-forest"),
          Duration.ofHours(1),
          Duration.ofMinutes(10),
          0.9,
          Duration.ofDays(10),
          Duration.ofHours(1),
          Duration.ofDays(2),
          Duration.ofHours(6));
  private final Series s = Synthetic.seasonal(Duration.ofMinutes(10), 10, 4, 9);

  @Test
  void aSavedModelForecastsExactlyAsBeforeAfterLoading() throws Exception {
    ModelStore store = new ModelStore(dir);
    Trainer trainer = new Trainer(settings, Progress.NONE);
    for (String name :
        List.of("stl-ets", "ridge", "gbm", "gbm-quantile", "random-forest", "ensemble")) {
      CalibratedModel m = ModelCatalog.create(name, settings.horizon(), 0.9).fit(s);
      Trainer.Selection sel = new Trainer.Selection(name, List.of(), 1.0, "test");
      TrainedModel t = trainer.fit("echo-" + name, s, sel, Instant.parse("2026-01-15T00:00:00Z"));
      store.save(t);
      TrainedModel back = store.latestGood("echo-" + name).orElseThrow();
      assertEquals(t.info(), back.info());
      Forecast a = t.model().forecast(s, 6);
      Forecast b = back.model().forecast(s, 6);
      assertArrayEquals(a.point(), b.point(), 0.0, name);
      assertArrayEquals(a.upper(), b.upper(), 0.0, name);
      assertEquals(m.name(), back.model().name());
    }
  }

  @Test
  void latestGoodSkipsDemotedVersions() throws Exception {
    ModelStore store = new ModelStore(dir);
    Trainer trainer = new Trainer(settings, Progress.NONE);
    Instant t0 = Instant.parse("2026-01-15T00:00:00Z");
    TrainedModel older =
        trainer.fit("echo", s, new Trainer.Selection("stl-ets", List.of(), 1.0, ""), t0);
    TrainedModel newer =
        trainer.fit(
            "echo", s, new Trainer.Selection("ridge", List.of(), 1.0, ""), t0.plusSeconds(3600));
    store.save(older);
    store.save(newer);
    assertEquals(newer.info().version(), store.latestGood("echo").orElseThrow().info().version());

    store.demote("echo", newer.info().version(), "live MAE worse than seasonal-naive");
    assertEquals(older.info().version(), store.latestGood("echo").orElseThrow().info().version());
    ModelInfo demoted = store.versions("echo").get(1);
    assertTrue(demoted.demoted());
    assertEquals("live MAE worse than seasonal-naive", demoted.demotedBecause());

    store.demote("echo", older.info().version(), "also bad");
    assertTrue(store.latestGood("echo").isEmpty());
    assertTrue(store.latestGood("unknown-service").isEmpty());
  }
}
