package io.yogurt.autoscaler.tune;

import io.yogurt.models.Slo;
import io.yogurt.simulations.SimulationResult;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a tune found: every setting's replay (cost, SLA-violating minutes), the oracle's, and per
 * policy the choice: the cheapest setting that met the SLO on the replay, or, when none did, the
 * safest (fewest SLA-violating minutes, then the cheapest), flagged as not meeting it.
 *
 * <p>Minutes beyond the pool's {@code max} (those the oracle held to that ceiling lost too) are not
 * held against a setting: no setting within the ceiling could keep them, and counting them would
 * push every choice to the safest and dearest because of a ceiling the operator chose.
 *
 * @param beyondMax the minutes the oracle held to the pool's max lost; empty when the arrivals
 *     never needed more than max
 */
public record Frontier(
    Slo slo, List<Point> points, SimulationResult oracle, Set<Instant> beyondMax) {

  /** One setting's replay. */
  public record Point(Margins margins, SimulationResult result) {

    public double cost() {
      return result.summary().cost();
    }

    public double violationPct() {
      return result.summary().slaViolationPct();
    }
  }

  /** A policy's choice and whether it met the SLO. */
  public record Choice(Point point, boolean meetsSlo) {}

  public Frontier {
    points = List.copyOf(points);
    beyondMax = Set.copyOf(beyondMax);
  }

  /** A frontier whose arrivals never needed more than the pool's max. */
  public Frontier(Slo slo, List<Point> points, SimulationResult oracle) {
    this(slo, points, oracle, Set.of());
  }

  /** Whether a replay kept the SLO: no more bad minutes within max than it allows. */
  public boolean meets(Point p) {
    return meets(p.result());
  }

  /** Whether a run kept the SLO. */
  public boolean meets(SimulationResult r) {
    return violationPctWithinMax(r) <= (1 - slo.goodMinutes()) * 100 + 1e-9;
  }

  /** A run's SLA-violating minutes that were not beyond the pool's max. */
  public int violationsWithinMax(SimulationResult r) {
    Set<Instant> counted = new HashSet<>(r.violatingMinutes());
    counted.removeAll(beyondMax);
    return counted.size();
  }

  /** The same as a percentage of the replayed minutes. */
  public double violationPctWithinMax(SimulationResult r) {
    if (beyondMax.isEmpty()) {
      return r.summary().slaViolationPct();
    }
    int minutes = r.summary().minutes();
    return minutes == 0 ? 0 : 100.0 * violationsWithinMax(r) / minutes;
  }

  /** The choice for {@code policy}; empty when no setting of it was tried. */
  public Optional<Choice> choice(String policy) {
    List<Point> mine = points.stream().filter(p -> p.margins().policy().equals(policy)).toList();
    Optional<Point> cheapest =
        mine.stream().filter(this::meets).min(Comparator.comparingDouble(Point::cost));
    if (cheapest.isPresent()) {
      return Optional.of(new Choice(cheapest.get(), true));
    }
    return mine.stream()
        .min(
            Comparator.comparingDouble((Point p) -> violationPctWithinMax(p.result()))
                .thenComparingDouble(Point::cost))
        .map(p -> new Choice(p, false));
  }
}
