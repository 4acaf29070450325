package io.yogurt.simulations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.yogurt.config.trace.Trace;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Trace trace(double... counts) {
    List<Trace.Point> points =
        IntStream.range(0, counts.length)
            .mapToObj(i -> new Trace.Point(T0.plus(Duration.ofMinutes(5L * i)), counts[i]))
            .toList();
    return new Trace("test", Duration.ofMinutes(5), points, 0);
  }

  @Test
  void keepsEveryIntervalsCountExactly() {
    ArrivalSchedule s =
        ArrivalSchedule.of(trace(300, 7, 100_000, 0), T0, T0.plus(Duration.ofMinutes(20)), 1, 3);
    assertEquals(1200, s.seconds());
    assertEquals(300, s.sum(0, 300));
    assertEquals(7, s.sum(300, 600));
    assertEquals(100_000, s.sum(600, 900));
    assertEquals(0, s.sum(900, 1200));
  }

  @Test
  void sameSeedSameArrivalsOtherSeedOtherSpread() {
    Trace t = trace(3000, 50, 900);
    Instant end = T0.plus(Duration.ofMinutes(15));
    int[] a = seconds(ArrivalSchedule.of(t, T0, end, 1, 42));
    assertArrayEquals(a, seconds(ArrivalSchedule.of(t, T0, end, 1, 42)));
    assertFalse(Arrays.equals(a, seconds(ArrivalSchedule.of(t, T0, end, 1, 43))));
  }

  @Test
  void rateScaleMultipliesAndAWindowClips() {
    ArrivalSchedule s =
        ArrivalSchedule.of(
            trace(100, 200, 300),
            T0.plus(Duration.ofMinutes(5)),
            T0.plus(Duration.ofMinutes(10)),
            2.5,
            1);
    assertEquals(300, s.seconds());
    assertEquals(500, s.total());
  }

  @Test
  void aGapRepeatsTheIntervalBefore() {
    List<Trace.Point> points =
        List.of(
            new Trace.Point(T0, 60),
            new Trace.Point(T0.plusSeconds(60), 60),
            new Trace.Point(T0.plusSeconds(180), 60));
    Trace t = new Trace("gappy", Duration.ofMinutes(1), points, 0);
    ArrivalSchedule s = ArrivalSchedule.of(t, T0, T0.plusSeconds(240), 1, 1);
    assertEquals(1, s.gapsFilled());
    assertEquals(240, s.total());
  }

  /** Minutes cut from 5-minute steps scatter with the stated index of dispersion, counts kept. */
  @Test
  void coarseStepsAreCutIntoMinutesWithTheStatedDispersion() {
    double[] counts = new double[2000];
    Arrays.fill(counts, 5000);
    Trace t = trace(counts);
    Instant end = T0.plus(Duration.ofMinutes(5L * counts.length));
    for (double stated : new double[] {1, 20}) {
      ArrivalSchedule s = ArrivalSchedule.of(t, T0, end, 1, 9, stated);
      assertEquals(5000L * counts.length, s.total(), "every count kept");
      long[] minutes = s.perMinute();
      double sum = 0;
      double squares = 0;
      for (long m : minutes) {
        sum += m;
        squares += (double) m * m;
      }
      double mean = sum / minutes.length;
      double index = (squares / minutes.length - mean * mean) / mean;
      // A minute's variance about its step's mean is (1 - 1/5) of the index times the mean.
      assertEquals(stated * 0.8, index, stated * 0.8 * 0.1, "index of dispersion " + stated);
      assertEquals(stated, s.dispersion(), 1e-12);
    }
  }

  /** Measured: the step-to-step noise of the trace; a smooth trace measures as Poisson. */
  @Test
  void theDispersionIsMeasuredFromTheTraceItself() {
    SplittableRandom rng = new SplittableRandom(5);
    double[] noisy = new double[3000];
    double[] smooth = new double[3000];
    for (int i = 0; i < noisy.length; i++) {
      double level = 5000 + 2000 * Math.sin(i / 100.0);
      noisy[i] = Math.max(0, level + rng.nextGaussian() * Math.sqrt(30 * level));
      smooth[i] = Math.round(level);
    }
    assertEquals(30, Dispersion.measure(trace(noisy).toSeries(), 1), 4);
    assertEquals(1, Dispersion.measure(trace(smooth).toSeries(), 1), 1e-9);
    ArrivalSchedule measured =
        ArrivalSchedule.of(trace(noisy), T0, T0.plus(Duration.ofHours(1)), 1, 1, Double.NaN);
    assertEquals(Dispersion.measure(trace(noisy).toSeries(), 1), measured.dispersion(), 1e-12);
  }

  private static int[] seconds(ArrivalSchedule s) {
    return IntStream.range(0, s.seconds()).map(s::at).toArray();
  }
}
