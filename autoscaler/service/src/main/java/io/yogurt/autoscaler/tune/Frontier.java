package io.yogurt.autoscaler.tune;

import io.yogurt.models.Slo;
import io.yogurt.simulations.SimulationResult;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a tune found: every setting's replay (cost, SLA-violating minutes), the oracle's, and per
 * policy the choice: the cheapest setting that met the SLO on the replay, or, when none did, the
 * safest (fewest SLA-violating minutes, then the cheapest), flagged as not meeting it.
 */
public record Frontier(Slo slo, List<Point> points, SimulationResult oracle) {

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
  }

  /** Whether a replay kept the SLO: no more bad minutes than it allows. */
  public boolean meets(Point p) {
    return meets(p.result());
  }

  /** Whether a run kept the SLO. */
  public boolean meets(SimulationResult r) {
    return r.summary().slaViolationPct() <= (1 - slo.goodMinutes()) * 100 + 1e-9;
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
        .min(Comparator.comparingDouble(Point::violationPct).thenComparingDouble(Point::cost))
        .map(p -> new Choice(p, false));
  }
}
