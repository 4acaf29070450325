package io.yogurt.autoscaler.tune;

import io.yogurt.autoscaler.loop.PoolSettings;
import io.yogurt.autoscaler.simulate.Replay;
import io.yogurt.simulations.SimulationResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Replays one span with every setting of a sweep through the production loop (the forecasts
 * recorded once and shared), plus the oracle, and returns the frontier. The replays are
 * independent, so they run on several threads.
 */
public final class Tuner {

  private Tuner() {}

  /**
   * Replays {@code sweep}; when no predictive setting of it met the SLO, goes on through {@code
   * further} (predictive settings, one list at a time) until one does or the lists run out.
   */
  public static Frontier tune(
      Replay replay,
      PoolSettings pool,
      List<Margins> sweep,
      List<List<Margins>> further,
      int threads) {
    ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      Future<SimulationResult> oracle = executor.submit(replay.comparison()::runOracle);
      Future<Optional<SimulationResult>> withinMax =
          executor.submit(() -> replay.comparison().runOracleWithin(pool.spec().max()));
      // Predictive settings first: the first of them records the forecasts the others wait for.
      List<Margins> order = new ArrayList<>(sweep);
      order.sort(
          (a, b) -> a.policy().equals(b.policy()) ? 0 : a.policy().equals("predictive") ? -1 : 1);
      List<Future<SimulationResult>> runs = submit(executor, replay, pool, order);
      SimulationResult o = join(oracle);
      Set<Instant> beyondMax =
          join(withinMax).map(SimulationResult::violatingMinutes).orElse(Set.of());
      List<Frontier.Point> points = joinAll(order, runs, o);
      List<Margins> tried = new ArrayList<>(sweep);
      Frontier f = new Frontier(pool.spec().slo(), points, o, beyondMax);
      for (List<Margins> step : further) {
        if (predictiveMet(f)) {
          break;
        }
        points.addAll(joinAll(step, submit(executor, replay, pool, step), o));
        tried.addAll(step);
        f = new Frontier(pool.spec().slo(), points, o, beyondMax);
      }
      points.sort(
          (a, b) -> Integer.compare(tried.indexOf(a.margins()), tried.indexOf(b.margins())));
      return new Frontier(pool.spec().slo(), points, o.comparedWith(o.summary().cost()), beyondMax);
    } finally {
      executor.shutdownNow();
    }
  }

  private static boolean predictiveMet(Frontier f) {
    return f.choice("predictive").map(Frontier.Choice::meetsSlo).orElse(true);
  }

  private static List<Future<SimulationResult>> submit(
      ExecutorService executor, Replay replay, PoolSettings pool, List<Margins> settings) {
    List<Future<SimulationResult>> runs = new ArrayList<>();
    for (Margins m : settings) {
      PoolSettings variant =
          new PoolSettings(m.applyTo(pool.spec()), m.policy(), pool.mode(), pool.staticSize());
      runs.add(executor.submit(() -> replay.simulations(variant).run(m.policy())));
    }
    return runs;
  }

  private static List<Frontier.Point> joinAll(
      List<Margins> settings, List<Future<SimulationResult>> runs, SimulationResult oracle) {
    List<Frontier.Point> points = new ArrayList<>();
    for (int i = 0; i < settings.size(); i++) {
      SimulationResult r = join(runs.get(i)).comparedWith(oracle.summary().cost());
      points.add(new Frontier.Point(settings.get(i), r));
    }
    return points;
  }

  private static <T> T join(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("tune interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    }
  }
}
