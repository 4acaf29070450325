package io.yogurt.simulations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.yogurt.models.Metrics;
import io.yogurt.models.Sample;
import io.yogurt.models.SeriesQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedHistoryTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void sumsCountsAveragesGaugesAndLeavesGaps() {
    SimulatedHistory h = new SimulatedHistory();
    for (int i = 0; i < 6; i++) {
      h.append(
          List.of(
              new Sample("s", Metrics.ARRIVALS, T0.plusSeconds(10L * i), i),
              new Sample("s", Metrics.QUEUED, T0.plusSeconds(10L * i), 2 * i)));
    }
    h.append(List.of(new Sample("s", Metrics.ARRIVALS, T0.plusSeconds(10), 100))); // replaces 1
    double[] arrivals =
        h.read(
                new SeriesQuery(
                    "s", Metrics.ARRIVALS, T0, T0.plusSeconds(90), Duration.ofSeconds(30)))
            .values();
    assertArrayEquals(new double[] {0 + 100 + 2, 3 + 4 + 5, Double.NaN}, arrivals, 1e-9);
    double[] queued =
        h.read(new SeriesQuery("s", Metrics.QUEUED, T0, T0.plusSeconds(60), Duration.ofSeconds(30)))
            .values();
    assertArrayEquals(new double[] {2, 8}, queued, 1e-9);
  }

  @Test
  void outOfOrderAppendsAreSorted() {
    SimulatedHistory h = new SimulatedHistory();
    h.append(List.of(new Sample("s", Metrics.ARRIVALS, T0.plusSeconds(20), 3)));
    h.append(List.of(new Sample("s", Metrics.ARRIVALS, T0, 1)));
    double[] v =
        h.read(
                new SeriesQuery(
                    "s", Metrics.ARRIVALS, T0, T0.plusSeconds(30), Duration.ofSeconds(10)))
            .values();
    assertArrayEquals(new double[] {1, Double.NaN, 3}, v, 1e-9);
  }
}
