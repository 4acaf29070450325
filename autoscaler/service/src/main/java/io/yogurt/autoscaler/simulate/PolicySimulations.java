package io.yogurt.autoscaler.simulate;

import io.yogurt.autoscaler.loop.LoopSettings;
import io.yogurt.autoscaler.loop.PoolSettings;
import io.yogurt.autoscaler.policy.Policies;
import io.yogurt.models.ForecastSource;
import io.yogurt.models.TickListener;
import io.yogurt.simulations.Comparison;
import io.yogurt.simulations.Controller;
import io.yogurt.simulations.SimulatedWorld;
import io.yogurt.simulations.SimulationResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Runs the real control loop with each named policy over the same simulated arrivals, then the
 * oracle, and compares their costs. A policy that reads forecasts reads those of {@code forecasts}:
 * the production forecaster's, recorded once over the replay ({@link ForecastTrack}).
 */
public final class PolicySimulations {

  private final Comparison comparison;
  private final LoopSettings loop;
  private final PoolSettings pool;
  private final Supplier<ForecastTrack> forecasts;
  private Function<SimulatedWorld, List<TickListener>> listeners = w -> List.of();

  /**
   * @param forecasts the forecast track, asked for only by a policy that reads forecasts (share one
   *     made with {@link ForecastTrack#once} between simulations of the same arrivals)
   */
  public PolicySimulations(
      Comparison comparison,
      LoopSettings loop,
      PoolSettings pool,
      Supplier<ForecastTrack> forecasts) {
    this.comparison = comparison;
    this.loop = loop;
    this.pool = pool;
    this.forecasts = forecasts;
  }

  /** Listeners for every run's loop, made per world (tests check invariants with them). */
  public PolicySimulations listeners(Function<SimulatedWorld, List<TickListener>> perWorld) {
    this.listeners = perWorld;
    return this;
  }

  /**
   * Workers a run starts with: the static size for {@code static}, else what the oracle has live at
   * the start; within the pool's bounds.
   */
  public int prewarm(String policy) {
    int need = "static".equals(policy) ? pool.staticSize() : comparison.oraclePlan().liveAtStart();
    return Math.max(pool.spec().min(), Math.min(pool.spec().max(), need));
  }

  /** One policy's run. */
  public SimulationResult run(String policy) {
    return comparison.run(policy, world -> controller(world, policy), loop.tick(), prewarm(policy));
  }

  /**
   * Every policy, then the oracle, on up to {@code threads} threads (each run has its own world, so
   * the numbers do not depend on it); costs compared with the oracle's.
   */
  public List<SimulationResult> runAll(List<String> policies, int threads) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Future<SimulationResult>> runs = new ArrayList<>();
      for (String p : policies) {
        runs.add(pool.submit(() -> run(p)));
      }
      Future<SimulationResult> oracle = pool.submit(comparison::runOracle);
      List<SimulationResult> results = new ArrayList<>();
      for (Future<SimulationResult> f : runs) {
        results.add(join(f));
      }
      return Comparison.againstOracle(results, join(oracle));
    } finally {
      pool.shutdownNow();
    }
  }

  private static SimulationResult join(Future<SimulationResult> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("simulation interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private Controller controller(SimulatedWorld world, String policy) {
    ForecastSource source = ForecastSource.NONE;
    ToDoubleFunction<Instant> probe = t -> Double.NaN;
    if (Policies.byName(policy, pool.staticSize(), loop.backlogTarget()).usesForecast()) {
      ForecastTrack track = forecasts.get();
      source = track.source();
      probe = track::pointPerSecond;
    }
    return LoopController.wire(world, loop, pool, policy, source, probe, listeners.apply(world));
  }
}
