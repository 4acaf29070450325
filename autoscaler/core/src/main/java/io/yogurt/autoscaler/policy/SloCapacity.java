package io.yogurt.autoscaler.policy;

import io.yogurt.models.Forecast;
import io.yogurt.models.PoolSpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Locale;

/**
 * The workers a pool's SLO needs for a forecast window. Per forecast step: the planned demand is
 * the pool's demand quantile of one minute's arrivals, combining the uncertainty of the step's mean
 * (the forecast's upper quantiles) with the scatter of a minute around that mean (the learned
 * burstiness, never below Poisson); the two are independent, so their margins add in quadrature.
 * Workers for that demand come from the Erlang C queue at the SLO's wait and percentile. The window
 * needs its busiest step.
 */
public final class SloCapacity {

  private static final double MINUTE_SECONDS = 60;

  /** What a window needs, and why, per second. */
  public record Need(int workers, double demand, double mean, double forecastMargin, double burst) {

    static final Need NONE = new Need(0, 0, 0, 0, 0);

    /** "14 for p99.5 demand 12.3 req/s (mean 9.8, forecast +1.9, bursts +1.2)". */
    public String describe(double quantile) {
      return String.format(
          Locale.ROOT,
          "%d for p%s demand %.2f req/s (mean %.2f, forecast +%.2f, bursts +%.2f)",
          workers,
          percent(quantile),
          demand,
          mean,
          forecastMargin,
          burst);
    }
  }

  private SloCapacity() {}

  /** The need over {@code [from, to)}; null when the forecast does not cover it. */
  public static Need over(Forecast f, PoolSpec pool, Instant from, Instant to) {
    int[] steps = f.stepsOverlapping(from, to);
    if (steps.length == 0) {
      return null;
    }
    Need most = Need.NONE;
    for (int i : steps) {
      Need n = atStep(f, pool, i);
      if (n.workers() > most.workers()
          || (n.workers() == most.workers() && n.demand() > most.demand())) {
        most = n;
      }
    }
    return most;
  }

  /** The need of one forecast step. */
  static Need atStep(Forecast f, PoolSpec pool, int i) {
    double q = pool.plannedDemandQuantile();
    double stepSeconds = f.step().toMillis() / 1000.0;
    double perMinute = MINUTE_SECONDS / stepSeconds;
    double mean = Math.max(0, f.point()[i]) * perMinute;
    double forecastMargin = Math.max(0, f.upperAt(i, q) - f.point()[i]) * perMinute;
    // A step of a minute or less is itself a minute's demand: no scatter within it to add.
    double burst =
        stepSeconds <= MINUTE_SECONDS ? 0 : f.burstiness().minuteQuantile(mean, q) - mean;
    double demand = mean + Math.hypot(forecastMargin, burst);
    int workers =
        ErlangC.workersFor(
            demand / MINUTE_SECONDS / overloadAllowance(pool),
            pool.capacityPerWorker(),
            pool.slo().maxWait(),
            pool.slo().percentile());
    return new Need(
        workers,
        demand / MINUTE_SECONDS,
        mean / MINUTE_SECONDS,
        forecastMargin / MINUTE_SECONDS,
        burst / MINUTE_SECONDS);
  }

  /** 1 + W / (p * 60 s): how far over the capacity a minute's demand may run and stay good. */
  static double overloadAllowance(PoolSpec pool) {
    double wait = pool.slo().maxWait().toMillis() / 1000.0;
    return 1 + wait / (pool.slo().percentile() * MINUTE_SECONDS);
  }

  /** A quantile as a percentage, as short as it is exact: "95", "99.5", "99.95". */
  public static String percent(double q) {
    return BigDecimal.valueOf(q * 100)
        .setScale(3, RoundingMode.HALF_EVEN)
        .stripTrailingZeros()
        .toPlainString();
  }
}
