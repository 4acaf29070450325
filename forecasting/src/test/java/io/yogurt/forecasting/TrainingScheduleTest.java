package io.yogurt.forecasting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.models.Progress;
import io.yogurt.models.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The training job's schedule (recalibrate hourly, refit daily, select weekly) with models kept in
 * memory only, as a replay keeps them; and the recalibration scoring only new origins.
 */
class TrainingScheduleTest {

  private final ForecastSettings settings =
      new ForecastSettings(
              List.of("stl-ets"),
              Duration.ofHours(1),
              Duration.ofMinutes(10),
              0.9,
              Duration.ofDays(10),
              Duration.ofHours(1),
              Duration.ofDays(2),
              Duration.ofHours(6),
              1)
          .withModels(List.of("stl-ets"));
  private final Series all = Synthetic.seasonal(Duration.ofMinutes(10), 12, 4, 9);

  @Test
  void recalibratesHourlyRefitsDailySelectsWeekly() throws Exception {
    ForecastService service = new ForecastService(settings, null, Progress.NONE);
    Series first = all.slice(0, 6 * 144);
    Instant t0 = first.end();
    assertEquals(ForecastService.Work.SELECT, service.due("svc", t0), "nothing in force");
    service.train("svc", first, null, t0);
    assertEquals(ForecastService.Work.NONE, service.due("svc", t0.plus(Duration.ofMinutes(59))));
    Instant hour = t0.plus(Duration.ofHours(1));
    assertEquals(ForecastService.Work.UPDATE, service.due("svc", hour));

    CalibratedModel before = service.model("svc").orElseThrow().model();
    assertTrue(service.update("svc", all.slice(0, 6 * 144 + 6), null, hour));
    CalibratedModel after = service.model("svc").orElseThrow().model();
    assertEquals(
        before.calibrationOrigins() + 6, after.calibrationOrigins(), "an origin per new step");
    assertEquals(ForecastService.Work.NONE, service.due("svc", hour.plusSeconds(1)));

    Instant day = t0.plus(Duration.ofDays(1));
    assertEquals(ForecastService.Work.REFIT, service.due("svc", day));
    service.refit("svc", all.slice(0, 7 * 144), null, day);
    assertNotEquals(
        service.model("svc").orElseThrow().info().trainedAt(),
        service.model("svc").orElseThrow().info().selectedAt(),
        "a refit keeps the selection's time");
    assertEquals(ForecastService.Work.SELECT, service.due("svc", t0.plus(Duration.ofDays(7))));
  }

  @Test
  void theCalibrationSlidesOverTwoDays() {
    CalibratedModel m =
        ModelCatalog.create("stl-ets", Duration.ofHours(1), 0.9).fit(all.slice(0, 5 * 144));
    for (int day = 6; day <= 12; day++) {
      m = m.updated(all.slice(0, day * 144));
    }
    // Two days of 10-minute origins, the newest ones still waiting for their last step ahead.
    assertEquals(2 * 144 + 1, m.calibrationOrigins(), 2 * 144 * 0.02);
  }
}
