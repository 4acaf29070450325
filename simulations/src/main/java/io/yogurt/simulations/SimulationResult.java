package io.yogurt.simulations;

import java.util.List;

/** One controller's run: its name, its metrics, and its per-minute timeline. */
public record SimulationResult(String name, Summary summary, List<MinuteRow> rows) {

  public SimulationResult {
    rows = List.copyOf(rows);
  }

  /** The same result, its cost compared with the oracle's. */
  public SimulationResult comparedWith(double oracleCost) {
    return new SimulationResult(name, summary.withOracleCost(oracleCost), rows);
  }
}
