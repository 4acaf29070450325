package io.yogurt.simulations;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** One controller's run: its name, its metrics, and its per-minute timeline. */
public record SimulationResult(String name, Summary summary, List<MinuteRow> rows) {

  public SimulationResult {
    rows = List.copyOf(rows);
  }

  /** The same result, its cost compared with the oracle's. */
  public SimulationResult comparedWith(double oracleCost) {
    return new SimulationResult(name, summary.withOracleCost(oracleCost), rows);
  }

  /** The minutes that broke the SLA. */
  public Set<Instant> violatingMinutes() {
    return rows.stream()
        .filter(MinuteRow::slaViolated)
        .map(MinuteRow::minute)
        .collect(Collectors.toSet());
  }
}
