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
 * forecast's usual band) to 99.9 %, around the SLO's share of good minutes, its default; and when
 * none of those met the SLO, further along the same knob ({@link #further}).
 */
public final class Sweep {

  static final double[] UTILIZATIONS = {0.5, 0.6, 0.7, 0.8, 0.9};
  static final Duration LONG_STABILIZATION = Duration.ofMinutes(10);
  static final double[] QUANTILES = {0.9, 0.95, 0.98, 0.99, 0.995, 0.999};

  /**
   * Beyond 99.9 %: the normal tail's z from 3.1 on to 3.3, 3.5 and 3.7 (the planned margins are
   * scaled by z beyond the levels they were learned at; 99.99 % is the most the config takes).
   * Tried one after the other, only while no predictive setting has met the SLO: bursts with a
   * heavier tail than the learned levels call for a wider margin, and the tune is there to find the
   * cheapest one that holds.
   */
  static final double[] FURTHER_QUANTILES = {0.9995, 0.9998, 0.9999};

  private Sweep() {}

  /** Every setting tried for {@code pool}, reactive first. */
  public static List<Margins> of(PoolSpec pool) {
    List<Margins> out = new ArrayList<>();
    List<Duration> windows = windows(pool);
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

  /**
   * The predictive settings to try when none of {@link #of} met the SLO, one list per quantile in
   * the order to try them (each with the windows of {@link #of}).
   */
  public static List<List<Margins>> further(PoolSpec pool) {
    List<List<Margins>> out = new ArrayList<>();
    for (double q : FURTHER_QUANTILES) {
      List<Margins> step = new ArrayList<>();
      for (Duration w : windows(pool)) {
        step.add(Margins.predictive(pool, q, w));
      }
      out.add(step);
    }
    return out;
  }

  private static List<Duration> windows(PoolSpec pool) {
    List<Duration> windows = new ArrayList<>(List.of(pool.scaleInStabilization()));
    if (!windows.contains(LONG_STABILIZATION)) {
      windows.add(LONG_STABILIZATION);
    }
    return windows;
  }
}
