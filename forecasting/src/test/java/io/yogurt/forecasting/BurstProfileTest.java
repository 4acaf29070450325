package io.yogurt.forecasting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.models.Burstiness;
import io.yogurt.models.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Burstiness learned from per-minute history: what Poisson minutes and bursty minutes teach. */
class BurstProfileTest {

  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");

  /** Two days of minutes around 400 a minute; each minute's spread sd = sqrt(index * mean). */
  private static Series minutes(double index, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] v = new double[2 * 1440];
    for (int i = 0; i < v.length; i++) {
      double mean = 400 + 200 * Math.sin(2 * Math.PI * i / 1440);
      v[i] = Math.max(0, Math.round(mean + rng.nextGaussian() * Math.sqrt(index * mean)));
    }
    return new Series(T0, Duration.ofMinutes(1), v);
  }

  @Test
  void poissonMinutesTeachAboutTheNormalSpread() {
    Burstiness b = BurstProfile.learn(minutes(1, 1), Duration.ofMinutes(5));
    // Around a step's own mean the deviations are a little narrower than around the true one.
    assertEquals(1.0, b.dispersionAt(400), 0.25);
  }

  @Test
  void burstyMinutesTeachAWiderSpreadAndRaiseTheQuantile() {
    Burstiness b = BurstProfile.learn(minutes(30, 2), Duration.ofMinutes(5));
    assertEquals(30 * 0.8, b.dispersionAt(400), 6);
    assertTrue(b.minuteQuantile(400, 0.99) > Burstiness.POISSON.minuteQuantile(400, 0.99) + 40);
  }

  @Test
  void tooLittleOrCoarseHistoryTeachesPoisson() {
    Series day = minutes(30, 3);
    assertEquals(Burstiness.POISSON, BurstProfile.learn(day.slice(0, 300), Duration.ofMinutes(5)));
    double[] gaps = day.values().clone();
    for (int i = 0; i < gaps.length; i++) {
      if (i % 5 != 0) {
        gaps[i] = Double.NaN; // recorded once per step: no minute is known within one
      }
    }
    assertEquals(
        Burstiness.POISSON,
        BurstProfile.learn(new Series(T0, Duration.ofMinutes(1), gaps), Duration.ofMinutes(5)));
    double[] steps = Arrays.copyOf(day.values(), 600);
    assertEquals(
        Burstiness.POISSON,
        BurstProfile.learn(new Series(T0, Duration.ofMinutes(5), steps), Duration.ofMinutes(5)));
  }
}
