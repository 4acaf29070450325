package io.yogurt.autoscaler.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.yogurt.models.Forecast;
import io.yogurt.models.Forecaster;
import io.yogurt.models.Series;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SeasonalNaiveForecasterTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void repeatsTheSeasonBeforeAndAddsTheQuantileOfIncreases() {
    // A "day" of 4 steps; the second day is the first plus 1, 2, 3, 4.
    Series history =
        new Series(T0, Duration.ofHours(6), new double[] {10, 20, 30, 40, 11, 22, 33, 44});
    Forecaster f = new SeasonalNaiveForecaster(Duration.ofDays(1), 0.75);
    Forecaster.Model m = f.fit(history);
    Forecast fc = m.forecast(history.slice(4, 8), 3);
    assertEquals(T0.plus(Duration.ofDays(2)), fc.origin());
    assertArrayEquals(new double[] {11, 22, 33}, fc.point(), 1e-9);
    assertArrayEquals(new double[] {14, 25, 36}, fc.upper(), 1e-9);
    assertEquals("seasonal-naive-1d", f.name());
  }
}
