package io.yogurt.autoscaler.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.models.Slo;
import io.yogurt.simulations.SimulationResult;
import io.yogurt.simulations.Summary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The choice: the cheapest setting that met the SLO, else the safest, flagged. */
class FrontierTest {

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
