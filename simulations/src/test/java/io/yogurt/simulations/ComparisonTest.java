package io.yogurt.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.config.trace.Trace;
import io.yogurt.models.Progress;
import io.yogurt.models.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComparisonTest {

  private static final double CAPACITY = 2.0;

  private static Comparison twoDaysOfTaxis(long seed) {
    Trace t = TraceFixtures.taxi();
    Instant from = Instant.parse("2014-07-07T00:00:00Z");
    SimulationSettings s = SimulationSettings.DEFAULTS.withSeed(seed);
    ArrivalSchedule a = ArrivalSchedule.of(t, from, from.plus(Duration.ofDays(2)), 1, s.seed());
    return new Comparison(s, a, "p", "svc", CAPACITY, Progress.NONE);
  }

  /** Holds a fixed size: launches up to it, never scales in. */
  private static Controller fixed(SimulatedWorld w, int size) {
    return now -> {
      int have = w.provider().aliveCount();
      if (have < size) {
        try {
          w.provider().launch(w.pool(), size - have, "fixed-" + now.getEpochSecond());
        } catch (ProviderException e) {
          // retried at the next tick
        }
      }
      return Controller.TickOutcome.NONE;
    };
  }

  @Test
  void oracleKeepsTheSlaAndCostsNoMoreThanAFleetThatAlsoKeepsIt() {
    Comparison c = twoDaysOfTaxis(5);
    SimulationResult oracle = c.runOracle();
    assertEquals(0, oracle.summary().slaViolationMinutes(), "the oracle never breaks the SLA");
    int peak = oracle.rows().stream().mapToInt(MinuteRow::demandWorkers).max().orElseThrow() + 1;
    SimulationResult big = c.run("static", w -> fixed(w, peak), Duration.ofSeconds(10), peak);
    assertEquals(0, big.summary().slaViolationMinutes());
    assertTrue(
        oracle.summary().cost() <= big.summary().cost(),
        "oracle " + oracle.summary().cost() + " vs static " + big.summary().cost());
    List<SimulationResult> compared = Comparison.againstOracle(List.of(big), oracle);
    assertTrue(compared.get(0).summary().costVsOracle() >= 1.0);
    assertEquals(1.0, compared.get(1).summary().costVsOracle(), 1e-12);
  }

  @Test
  void theOracleWithinMaxLosesOnlyMinutesThatAFleetAlwaysAtMaxLosesToo() {
    Comparison c = twoDaysOfTaxis(5);
    int peak = c.oraclePlan().peak();
    assertTrue(c.runOracleWithin(peak).isEmpty(), "a ceiling at the peak changes nothing");
    int max = peak / 2;
    SimulationResult within = c.runOracleWithin(max).orElseThrow();
    SimulationResult atMax = c.run("static", w -> fixed(w, max), Duration.ofSeconds(10), max);
    Set<Instant> lost = within.violatingMinutes();
    assertTrue(!lost.isEmpty(), "half the peak cannot keep every minute");
    Set<Instant> keptAtMax = new HashSet<>(lost);
    keptAtMax.removeAll(atMax.violatingMinutes());
    assertEquals(Set.of(), keptAtMax, "lost by the oracle within max, kept by the fleet at max");
    assertTrue(within.summary().cost() < c.runOracle().summary().cost());
    assertTrue(within.rows().stream().allMatch(m -> m.instances() <= max));
  }

  @Test
  void anUndersizedFleetBreaksTheSla() {
    Comparison c = twoDaysOfTaxis(5);
    SimulationResult small = c.run("tiny", w -> fixed(w, 2), Duration.ofSeconds(10), 2);
    assertTrue(small.summary().slaViolationMinutes() > 0);
    assertTrue(small.summary().underProvisionedTimePct() > 0);
    assertTrue(small.summary().waitP99S() > SimulationSettings.DEFAULTS.slaWait().toSeconds());
  }

  @Test
  void everyRequestIsServedDroppedOrStillQueued() {
    Comparison c = twoDaysOfTaxis(9);
    for (SimulationResult r :
        List.of(c.runOracle(), c.run("tiny", w -> fixed(w, 3), Duration.ofSeconds(10), 1))) {
      Summary s = r.summary();
      assertEquals(s.requests(), s.served() + s.dropped() + s.queuedAtEnd(), r.name());
      assertEquals(s.requests(), r.rows().stream().mapToDouble(m -> m.demand() * 60).sum(), 1e-6);
      assertEquals(2 * 24 * 60, s.minutes());
    }
  }

  @Test
  void sameSeedSameReportOtherSeedOtherNumbers() {
    SimulationResult a = twoDaysOfTaxis(11).runOracle();
    SimulationResult b = twoDaysOfTaxis(11).runOracle();
    assertEquals(a, b);
    SimulationResult other = twoDaysOfTaxis(12).runOracle();
    assertTrue(!a.rows().equals(other.rows()));
  }
}
