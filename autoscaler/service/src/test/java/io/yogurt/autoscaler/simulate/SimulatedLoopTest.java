package io.yogurt.autoscaler.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.autoscaler.loop.LoopSettings;
import io.yogurt.autoscaler.loop.PoolSettings;
import io.yogurt.config.InvalidInputException;
import io.yogurt.config.trace.Trace;
import io.yogurt.config.trace.TraceFormat;
import io.yogurt.config.trace.TraceReader;
import io.yogurt.models.Decision;
import io.yogurt.models.Instance;
import io.yogurt.models.PolicyMemory;
import io.yogurt.models.PoolMode;
import io.yogurt.models.PoolSpec;
import io.yogurt.models.Progress;
import io.yogurt.models.ReasonCode;
import io.yogurt.models.TickListener;
import io.yogurt.models.TickReport;
import io.yogurt.simulations.ArrivalSchedule;
import io.yogurt.simulations.Comparison;
import io.yogurt.simulations.SimulatedWorld;
import io.yogurt.simulations.SimulationResult;
import io.yogurt.simulations.SimulationSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The real control loop in the simulated world: the rules it keeps, whatever the traffic. */
class SimulatedLoopTest {

  private static final Instant FROM = Instant.parse("2014-07-07T00:00:00Z");
  private static final PoolSpec SPEC =
      new PoolSpec(
          "taxi",
          "rides",
          2,
          10,
          2.0,
          0.7,
          Duration.ofMinutes(5),
          10,
          2,
          Duration.ofSeconds(90),
          Duration.ofSeconds(30),
          Duration.ZERO);
  private static final PoolSettings POOL = new PoolSettings(SPEC, "reactive", PoolMode.LIVE, 12);
  private static final LoopSettings LOOP =
      new LoopSettings(
          Duration.ofSeconds(10),
          Duration.ofSeconds(60),
          Duration.ofSeconds(30),
          Duration.ofSeconds(30),
          0.5,
          2,
          3,
          Duration.ofMinutes(10));

  static Trace taxi() throws InvalidInputException {
    return new TraceReader(TraceFormat.DEFAULT)
        .read(Path.of("../../simulations/traces/nyc_taxi.csv"));
  }

  private static PolicySimulations simulations(
      Trace trace, int days, List<String> violations, int[] scaleIns) {
    SimulationSettings s = SimulationSettings.DEFAULTS.withSeed(3);
    ArrivalSchedule a =
        ArrivalSchedule.of(trace, FROM, FROM.plus(Duration.ofDays(days)), 1, s.seed());
    Comparison c =
        new Comparison(s, a, SPEC.name(), SPEC.service(), SPEC.capacityPerWorker(), Progress.NONE);
    return new PolicySimulations(c, LOOP, POOL, trace, 1, HistoryForecastSource::seasonalNaive)
        .listeners(world -> List.of(invariants(world, violations, scaleIns)));
  }

  /** Checks every tick's decision against the loop's rules; records what it breaks. */
  private static TickListener invariants(
      SimulatedWorld world, List<String> violations, int[] scaleIns) {
    return report -> {
      TickReport.PoolTick t = report.pools().get(0);
      Decision d = t.decision();
      Instant now = report.at();
      if (d.desired() > SPEC.max() || d.desired() < SPEC.min()) {
        violations.add(now + ": desired " + d.desired() + " outside [min, max]");
      }
      if (d.current() > SPEC.max() || d.current() < SPEC.min()) {
        violations.add(now + ": current " + d.current() + " outside [min, max]");
      }
      if (d.desired() >= d.current()) {
        return;
      }
      scaleIns[0]++;
      Instant since = now.minus(SPEC.scaleInStabilization());
      int highest =
          d.memory().recommendations().stream()
              .filter(r -> !r.at().isBefore(since))
              .mapToInt(PolicyMemory.Recommendation::count)
              .max()
              .orElse(0);
      if (highest > d.desired()) {
        violations.add(
            now
                + ": scaled in to "
                + d.desired()
                + " although "
                + highest
                + " was recommended within the stabilization window");
      }
      Set<String> up = Set.copyOf(world.provider().workersUp(now));
      for (Instance i : world.provider().list(SPEC.name())) {
        if (!up.contains(i.name()) && i.createdAt().isAfter(now.minus(SPEC.bootGrace()))) {
          violations.add(now + ": scaled in while " + i.name() + " was still booting");
        }
      }
    };
  }

  @Test
  void theLoopKeepsItsRulesAndTheOracleIsTheCheapestAtEqualSla() throws InvalidInputException {
    List<String> violations = new ArrayList<>();
    int[] scaleIns = {0};
    List<SimulationResult> results =
        simulations(taxi(), 3, violations, scaleIns)
            .runAll(List.of("reactive", "predictive", "static"), 2);
    assertEquals(List.of(), violations.stream().limit(5).toList());
    assertTrue(scaleIns[0] > 10, "the traffic made the loop scale in: " + scaleIns[0]);

    SimulationResult oracle = results.get(results.size() - 1);
    assertEquals(Comparison.ORACLE, oracle.name());
    assertEquals(0, oracle.summary().slaViolationMinutes());
    int zeroSla = 0;
    for (SimulationResult r : results.subList(0, results.size() - 1)) {
      assertEquals(
          r.summary().requests(),
          r.summary().served() + r.summary().dropped() + r.summary().queuedAtEnd());
      if (r.summary().slaViolationMinutes() == 0) {
        zeroSla++;
        assertTrue(
            oracle.summary().cost() <= r.summary().cost(),
            r.name()
                + " cost "
                + r.summary().cost()
                + " below the oracle's "
                + oracle.summary().cost());
      }
    }
    assertTrue(zeroSla > 0, "at least one policy kept the SLA, so the comparison was made");
  }

  @Test
  void capsAtMaxWhenTheLoadWantsMore() throws InvalidInputException {
    List<String> violations = new ArrayList<>();
    int[] scaleIns = {0};
    // Three times the traffic: the peak needs far more than max 10 workers.
    SimulationSettings s = SimulationSettings.DEFAULTS.withSeed(3);
    Trace trace = taxi();
    ArrivalSchedule a = ArrivalSchedule.of(trace, FROM, FROM.plus(Duration.ofDays(1)), 3, s.seed());
    Comparison c =
        new Comparison(s, a, SPEC.name(), SPEC.service(), SPEC.capacityPerWorker(), Progress.NONE);
    List<Decision> decisions = new ArrayList<>();
    SimulationResult r =
        new PolicySimulations(c, LOOP, POOL, trace, 3, HistoryForecastSource::seasonalNaive)
            .listeners(
                world ->
                    List.of(
                        invariants(world, violations, scaleIns),
                        report -> decisions.add(report.pools().get(0).decision())))
            .run("reactive");
    assertEquals(List.of(), violations.stream().limit(5).toList());
    assertTrue(
        decisions.stream()
            .anyMatch(d -> d.reasons().stream().anyMatch(x -> x.code() == ReasonCode.CAPPED_MAX)));
    assertTrue(r.summary().slaViolationMinutes() > 0, "capped below the need, the queue grows");
    assertFalse(r.summary().underProvisionedTimePct() == 0);
  }

  @Test
  void replacesInstancesThatNeverBootAndRetriesFailedLaunches() throws InvalidInputException {
    List<String> violations = new ArrayList<>();
    int[] scaleIns = {0};
    SimulationSettings d = SimulationSettings.DEFAULTS;
    SimulationSettings s =
        new SimulationSettings(
            d.bootDelay(),
            d.bootJitter(),
            d.pricePerHour(),
            d.minimumBilled(),
            0,
            d.slaWait(),
            0.2,
            0.15,
            0,
            1,
            4);
    Trace trace = taxi();
    ArrivalSchedule a = ArrivalSchedule.of(trace, FROM, FROM.plus(Duration.ofDays(1)), 1, s.seed());
    Comparison c =
        new Comparison(s, a, SPEC.name(), SPEC.service(), SPEC.capacityPerWorker(), Progress.NONE);
    List<String> notes = new ArrayList<>();
    SimulationResult r =
        new PolicySimulations(c, LOOP, POOL, trace, 1, HistoryForecastSource::seasonalNaive)
            .listeners(
                world ->
                    List.of(
                        invariants(world, violations, scaleIns),
                        report -> {
                          notes.addAll(report.pools().get(0).actionsTaken());
                          notes.addAll(report.pools().get(0).errors());
                        }))
            .run("reactive");
    assertEquals(List.of(), violations.stream().limit(5).toList());
    assertTrue(
        notes.stream().anyMatch(n -> n.contains(ReasonCode.REPLACE_DEAD.toString())),
        "dead replaced");
    assertTrue(r.summary().failedLaunches() > 0);
    assertTrue(
        notes.stream().anyMatch(n -> n.matches("launch \\d+ failed: .+")), "failures reported");
    assertTrue(
        r.summary().slaViolationPct() < 5, "the loop recovered: " + r.summary().slaViolationPct());
  }

  @Test
  void predictiveGetsForecastsFromTheSeededHistory() throws InvalidInputException {
    SimulationResult r = simulations(taxi(), 1, new ArrayList<>(), new int[1]).run("predictive");
    long withForecast = r.rows().stream().filter(m -> !Double.isNaN(m.forecast())).count();
    assertTrue(
        withForecast > r.rows().size() * 0.9, withForecast + " of " + r.rows().size() + " minutes");
  }
}
