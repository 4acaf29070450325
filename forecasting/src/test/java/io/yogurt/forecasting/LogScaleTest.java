package io.yogurt.forecasting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.models.Forecaster;
import io.yogurt.models.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogScaleTest {

  private static final Duration HORIZON = Duration.ofHours(1);

  /**
   * A steady level with rare bursts ten times as high: absolute error rewards the typical level.
   */
  private static Series bursty(long seed) {
    Random r = new Random(seed);
    double[] v = new double[10 * 144];
    for (int i = 0; i < v.length; i++) {
      v[i] = 100 + 10 * r.nextGaussian() + (r.nextInt(20) == 0 ? 1000 : 0);
    }
    return new Series(Instant.parse("2026-01-05T00:00:00Z"), Duration.ofMinutes(10), v);
  }

  @Test
  void followsTheTypicalLevelRatherThanTheBursts() {
    Series s = bursty(3);
    int train = 8 * 144;
    double raw =
        meanAbsoluteError(
            ModelCatalog.create("ridge", HORIZON, 0.9).fit(s.slice(0, train)), s, train);
    double log =
        meanAbsoluteError(
            ModelCatalog.create("log-ridge", HORIZON, 0.9).fit(s.slice(0, train)), s, train);
    assertTrue(log < 0.9 * raw, "log-scale MAE " + log + " vs raw " + raw);
  }

  /**
   * Calibration forecasts from one array at many origins, reusing its logs: they must equal
   * forecasts that take the logs afresh, and an array changed in place must not get stale logs.
   */
  @Test
  void reusingTheLogsOfOneArrayChangesNoForecast() {
    Series s = bursty(5);
    int train = 8 * 144;
    LogScale forecaster = (LogScale) ModelCatalog.create("log-stl-ets", HORIZON, 0.9);
    PointModel reusing = forecaster.fitPoint(s.slice(0, train));
    PointModel fresh = forecaster.fitPoint(s.slice(0, train));
    double[] shared = s.values().clone();
    for (int o = train; o + 6 <= s.size(); o += 37) {
      double[] copy = Arrays.copyOf(shared, o); // exactly o long: never reusable for a later origin
      assertArrayEquals(
          fresh.predict(copy, s.start(), o, 6), reusing.predict(shared, s.start(), o, 6), 0.0);
    }
    double before = reusing.predict(shared, s.start(), train, 6)[0];
    Arrays.fill(shared, train - 12, train, 5_000);
    double after = reusing.predict(shared, s.start(), train, 6)[0];
    assertTrue(
        after > before,
        "a jump in the last two hours moves the forecast: " + before + " -> " + after);
  }

  private static double meanAbsoluteError(Forecaster.Model m, Series s, int from) {
    double sum = 0;
    int n = 0;
    for (int o = from; o + 6 <= s.size(); o += 3) {
      double[] p = m.forecast(s.slice(0, o), 6).point();
      for (int h = 0; h < 6; h++) {
        sum += Math.abs(s.valueAt(o + h) - p[h]);
        n++;
      }
    }
    return sum / n;
  }
}
