package io.yogurt.autoscaler.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.forecasting.ForecastService;
import io.yogurt.forecasting.ForecastSettings;
import io.yogurt.forecasting.ModelStore;
import io.yogurt.history.HistorySettings;
import io.yogurt.history.embedded.EmbeddedHistory;
import io.yogurt.models.Forecast;
import io.yogurt.models.Metrics;
import io.yogurt.models.PoolSpec;
import io.yogurt.models.Progress;
import io.yogurt.models.Sample;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service's forecast source on a real embedded history and the real forecasting module. */
class TrainedForecastSourceTest {

  private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
  private static final Duration STEP = Duration.ofMinutes(5);
  private static final PoolSpec POOL =
      new PoolSpec(
          "web",
          "api",
          1,
          20,
          10,
          0.5,
          Duration.ofMinutes(5),
          4,
          2,
          Duration.ofMinutes(3),
          Duration.ofMinutes(2),
          Duration.ZERO);

  @TempDir Path dir;

  private final ForecastSettings settings =
      new ForecastSettings(
          List.of("seasonal-naive-1d", "ridge"),
          Duration.ofMinutes(30),
          STEP,
          0.9,
          Duration.ofDays(4),
          Duration.ofHours(1),
          Duration.ofDays(2),
          Duration.ofHours(6));

  /** A daily wave between 100 and 300 requests per 5 minutes. */
  private static double arrivals(Instant t) {
    double day = (t.getEpochSecond() % 86_400) / 86_400.0;
    return 200 + 100 * Math.sin(2 * Math.PI * day);
  }

  private void record(EmbeddedHistory history, Instant from, Instant to) throws Exception {
    List<Sample> samples = new ArrayList<>();
    for (Instant t = from; t.isBefore(to); t = t.plus(STEP)) {
      samples.add(new Sample("api", Metrics.ARRIVALS, t, arrivals(t)));
    }
    history.append(samples);
  }

  @Test
  void withoutEnoughHistoryThereIsNoForecastAndTheStatusSaysWhy() throws Exception {
    try (EmbeddedHistory history = EmbeddedHistory.open(dir, HistorySettings.DEFAULT)) {
      Instant now = START.plus(Duration.ofDays(1));
      record(history, START, now);
      TrainedForecastSource source = source(history);
      source.maintain(now);
      assertEquals(Optional.empty(), source.forecast(POOL, now));
      assertTrue(source.status().contains("no model yet"), source.status());
      assertTrue(source.healthy(), "too little history is not a failure");
    }
  }

  @Test
  void trainsFromHistoryAndForecastsTheNextSteps() throws Exception {
    try (EmbeddedHistory history = EmbeddedHistory.open(dir, HistorySettings.DEFAULT)) {
      Instant now = START.plus(Duration.ofDays(3)).plus(Duration.ofHours(6)).plusSeconds(7);
      record(history, START, now);
      TrainedForecastSource source = source(history);
      source.maintain(now);

      Forecast f =
          source.forecast(POOL, now).orElseThrow(() -> new AssertionError(source.status()));
      assertTrue(!f.origin().isAfter(now), "starts at the last whole step");
      double expected = arrivals(now);
      double got = f.maxUpper(now, now.plus(STEP));
      assertTrue(
          got >= expected * 0.9 && got <= expected * 1.5,
          "upper quantile near the wave: expected about " + expected + ", got " + got);
      assertTrue(source.status().contains("api: "), source.status());

      TrainedForecastSource restarted = source(history);
      assertTrue(
          restarted.forecast(POOL, now).isPresent(), "the stored model serves after a restart");
    }
  }

  private TrainedForecastSource source(EmbeddedHistory history) {
    return new TrainedForecastSource(
        history,
        new ForecastService(settings, new ModelStore(dir.resolve("models")), Progress.NONE),
        List.of(POOL));
  }
}
