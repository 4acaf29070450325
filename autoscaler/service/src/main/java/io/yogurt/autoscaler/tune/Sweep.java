package io.yogurt.autoscaler.tune;

import io.yogurt.models.PoolSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings a tune tries. Reactive: target utilization 0.5 to 0.9 (below half, a reactive pool
 * costs more than twice its load; above 0.9 it has no room for the minute's scatter), each with the
 * configured scale-in stabilization and with ten minutes (a few boots: long enough to ride out the
 * dips between the bursts of a busy hour). Predictive: the demand quantile from 90 % (the
 * forecast's usual band) to 99.9 %, around the SLO's share of good minutes, its default.
 */
public final class Sweep {

  static final double[] UTILIZATIONS = {0.5, 0.6, 0.7, 0.8, 0.9};
  static final Duration LONG_STABILIZATION = Duration.ofMinutes(10);
  static final double[] QUANTILES = {0.9, 0.95, 0.98, 0.99, 0.995, 0.999};

  private Sweep() {}

  /** Every setting tried for {@code pool}, reactive first. */
  public static List<Margins> of(PoolSpec pool) {
    List<Margins> out = new ArrayList<>();
    List<Duration> windows = new ArrayList<>(List.of(pool.scaleInStabilization()));
    if (!windows.contains(LONG_STABILIZATION)) {
      windows.add(LONG_STABILIZATION);
    }
    for (Duration w : windows) {
      for (double u : UTILIZATIONS) {
        out.add(Margins.reactive(u, w));
      }
    }
    List<Double> quantiles = new ArrayList<>();
    for (double q : QUANTILES) {
      quantiles.add(q);
    }
    if (!quantiles.contains(pool.slo().goodMinutes())) {
      quantiles.add(pool.slo().goodMinutes());
      quantiles.sort(Double::compare);
    }
    for (Duration w : windows) {
      for (double q : quantiles) {
        out.add(Margins.predictive(pool, q, w));
      }
    }
    return out;
  }
}
