package io.yogurt.autoscaler.tune;

import io.yogurt.autoscaler.loop.PoolSettings;
import io.yogurt.autoscaler.simulate.Replay;
import io.yogurt.simulations.SimulationResult;
import java.util.ArrayList;
import java.util.List;
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

  public static Frontier tune(Replay replay, PoolSettings pool, List<Margins> sweep, int threads) {
    ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      Future<SimulationResult> oracle = executor.submit(replay.comparison()::runOracle);
      List<Future<SimulationResult>> runs = new ArrayList<>();
      // Predictive settings first: the first of them records the forecasts the others wait for.
      List<Margins> order = new ArrayList<>(sweep);
      order.sort(
          (a, b) -> a.policy().equals(b.policy()) ? 0 : a.policy().equals("predictive") ? -1 : 1);
      for (Margins m : order) {
        PoolSettings variant =
            new PoolSettings(m.applyTo(pool.spec()), m.policy(), pool.mode(), pool.staticSize());
        runs.add(executor.submit(() -> replay.simulations(variant).run(m.policy())));
      }
      SimulationResult o = join(oracle);
      List<Frontier.Point> points = new ArrayList<>();
      for (int i = 0; i < order.size(); i++) {
        SimulationResult r = join(runs.get(i)).comparedWith(o.summary().cost());
        points.add(new Frontier.Point(order.get(i), r));
      }
      points.sort(
          (a, b) -> Integer.compare(sweep.indexOf(a.margins()), sweep.indexOf(b.margins())));
      return new Frontier(pool.spec().slo(), points, o.comparedWith(o.summary().cost()));
    } finally {
      executor.shutdownNow();
    }
  }

  private static SimulationResult join(Future<SimulationResult> f) {
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
