package io.yogurt.simulations;

import io.yogurt.models.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs several controllers over the same arrivals, each in a fresh world, plus the oracle, and puts
 * every cost next to the oracle's. Each run starts with the workers the oracle has live at the
 * start, so no policy is judged on a cold start.
 */
public final class Comparison {

  public static final String ORACLE = "oracle";
  private static final String ORACLE_WITHIN_MAX = "oracle within max";

  private final SimulationSettings settings;
  private final ArrivalSchedule arrivals;
  private final String pool;
  private final String service;
  private final double capacityPerWorker;
  private final SimulationRunner runner;
  private final OraclePlan plan;
  private final Duration window;

  public Comparison(
      SimulationSettings settings,
      ArrivalSchedule arrivals,
      String pool,
      String service,
      double capacityPerWorker,
      Progress progress) {
    this.settings = settings;
    this.arrivals = arrivals;
    this.pool = pool;
    this.service = service;
    this.capacityPerWorker = capacityPerWorker;
    this.runner = new SimulationRunner(progress);
    // Sizing per SLA wait lets the queue hold at most a window's work, so no request waits longer
    // than the SLA allows (a tighter window over-provisions and stops being a lower bound); a
    // window
    // shorter than a service time would count a busy worker as free again.
    long serviceMillis = (long) Math.ceil(1000 / capacityPerWorker);
    this.window =
        Duration.ofMillis(Math.max(1000, Math.max(serviceMillis, settings.slaWait().toMillis())));
    this.plan = OraclePlan.of(arrivals, capacityPerWorker, window, settings.maxBootDelay());
  }

  public OraclePlan oraclePlan() {
    return plan;
  }

  public SimulatedWorld newWorld() {
    return new SimulatedWorld(settings, arrivals, pool, service, capacityPerWorker);
  }

  public SimulationResult runOracle() {
    return runOracle(ORACLE, plan);
  }

  /**
   * The oracle held to {@code max} workers, when the arrivals ever needed more (else empty): the
   * minutes it loses are beyond the pool's ceiling, lost by any policy within it.
   */
  public Optional<SimulationResult> runOracleWithin(int max) {
    if (plan.peak() <= max) {
      return Optional.empty();
    }
    OraclePlan capped =
        OraclePlan.of(arrivals, capacityPerWorker, window, settings.maxBootDelay(), max);
    return Optional.of(runOracle(ORACLE_WITHIN_MAX, capped));
  }

  private SimulationResult runOracle(String name, OraclePlan p) {
    SimulatedWorld world = newWorld();
    return runner.run(name, world, new OracleController(world, p), Duration.ofSeconds(1));
  }

  /**
   * Runs one controller built by {@code wiring} on a fresh world prewarmed with {@code prewarm}
   * live workers, ticking every {@code tick}.
   */
  public SimulationResult run(
      String name, Function<SimulatedWorld, Controller> wiring, Duration tick, int prewarm) {
    SimulatedWorld world = newWorld();
    world.provider().prewarm(pool, prewarm);
    return runner.run(name, world, wiring.apply(world), tick);
  }

  /** The results with cost_vs_oracle filled in; the oracle last. */
  public static List<SimulationResult> againstOracle(
      List<SimulationResult> policies, SimulationResult oracle) {
    List<SimulationResult> out = new ArrayList<>();
    for (SimulationResult r : policies) {
      out.add(r.comparedWith(oracle.summary().cost()));
    }
    out.add(oracle.comparedWith(oracle.summary().cost()));
    return out;
  }
}
