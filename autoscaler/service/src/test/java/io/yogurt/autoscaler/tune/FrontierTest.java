package io.yogurt.autoscaler.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.models.Slo;
import io.yogurt.simulations.MinuteRow;
import io.yogurt.simulations.SimulationResult;
import io.yogurt.simulations.Summary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The choice: the cheapest setting that met the SLO, else the safest, flagged. */
class FrontierTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** Settings as "utilization:cost:violation%" ; the SLO allows 0.5 %. */
  @ParameterizedTest(name = "{0} -> {1} (meets {2})")
  @CsvSource({
    "'0.5:30:0.0 0.7:20:0.4 0.9:15:2.0', 0.7, true",
    "'0.5:30:0.0 0.7:20:0.5 0.9:15:0.6', 0.7, true",
    "'0.5:30:0.9 0.7:20:0.8 0.9:15:2.0', 0.7, false",
    "'0.5:30:0.8 0.7:20:0.8 0.9:15:2.0', 0.7, false",
  })
  void choosesTheCheapestThatMetTheSloElseTheSafest(String settings, double chosen, boolean meets) {
    List<Frontier.Point> points = new ArrayList<>();
    for (String s : settings.split(" ")) {
      String[] f = s.split(":");
      points.add(
          new Frontier.Point(
              Margins.reactive(Double.parseDouble(f[0]), Duration.ofMinutes(1)),
              result(Double.parseDouble(f[1]), Double.parseDouble(f[2]))));
    }
    Frontier frontier = new Frontier(Slo.DEFAULT, points, result(10, 0));
    Frontier.Choice c = frontier.choice("reactive").orElseThrow();
    assertEquals(chosen, c.point().margins().utilization(), 1e-9);
    assertEquals(meets, c.meetsSlo());
    assertTrue(frontier.choice("predictive").isEmpty());
    assertFalse(FrontierReport.text(frontier).isEmpty());
  }

  @Test
  void minutesBeyondMaxAreNotHeldAgainstASetting() {
    // 1000 minutes; the first 10 were beyond max (1 %, twice what the SLO allows).
    Set<Instant> beyond = minutes(0, 10);
    Set<Instant> cheapLost = new HashSet<>(beyond);
    cheapLost.addAll(minutes(500, 3));
    Frontier.Point cheap =
        new Frontier.Point(Margins.reactive(0.9, Duration.ofMinutes(1)), run(15, cheapLost));
    Frontier.Point dear =
        new Frontier.Point(Margins.reactive(0.5, Duration.ofMinutes(1)), run(20, beyond));
    List<Frontier.Point> points = List.of(cheap, dear);

    Frontier counted = new Frontier(Slo.DEFAULT, points, run(10, Set.of()));
    assertEquals(dear, counted.choice("reactive").orElseThrow().point(), "the safest");
    assertFalse(counted.choice("reactive").orElseThrow().meetsSlo());

    Frontier withinMax = new Frontier(Slo.DEFAULT, points, run(10, Set.of()), beyond);
    Frontier.Choice c = withinMax.choice("reactive").orElseThrow();
    assertEquals(cheap, c.point());
    assertTrue(c.meetsSlo());
    assertEquals(3, withinMax.violationsWithinMax(cheap.result()));
    assertEquals(0.3, withinMax.violationPctWithinMax(cheap.result()), 1e-9);
    String table = FrontierReport.text(withinMax);
    assertTrue(table.contains("within max"), table);
    assertTrue(table.contains("10 minutes were beyond the pool's max"), table);
  }

  private static Set<Instant> minutes(int from, int count) {
    Set<Instant> out = new HashSet<>();
    for (int i = from; i < from + count; i++) {
      out.add(T0.plusSeconds(60L * i));
    }
    return out;
  }

  /** A run of 1000 minutes that lost {@code lost}. */
  private static SimulationResult run(double cost, Set<Instant> lost) {
    List<MinuteRow> rows = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      Instant m = T0.plusSeconds(60L * i);
      boolean bad = lost.contains(m);
      rows.add(new MinuteRow(m, 1, 1, 1, 1, 1, 0, bad ? 9 : 0, 60, 0, 0, Double.NaN, 0, bad));
    }
    SimulationResult r = result(cost, lost.size() / 10.0);
    return new SimulationResult("x", r.summary(), rows);
  }

  private static SimulationResult result(double cost, double violationPct) {
    Summary s =
        new Summary(
            cost,
            cost,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            1000,
            (int) (violationPct * 10),
            violationPct,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            Double.NaN);
    return new SimulationResult("x", s, List.of());
  }
}
