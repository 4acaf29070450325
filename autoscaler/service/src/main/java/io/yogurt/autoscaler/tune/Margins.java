package io.yogurt.autoscaler.tune;

import io.yogurt.autoscaler.policy.SloCapacity;
import io.yogurt.config.DurationText;
import io.yogurt.models.PoolSpec;
import java.time.Duration;
import java.util.Locale;

/**
 * The knobs {@code yogurt tune} turns, one setting of them: for the reactive policy its target
 * utilization and scale-in stabilization, for the predictive one its demand quantile and scale-in
 * stabilization.
 *
 * @param demandQuantile NaN for a reactive setting
 */
public record Margins(
    String policy, double utilization, Duration stabilization, double demandQuantile) {

  /** A reactive setting. */
  public static Margins reactive(double utilization, Duration stabilization) {
    return new Margins("reactive", utilization, stabilization, Double.NaN);
  }

  /** A predictive setting; the target utilization (used without a forecast) stays configured. */
  public static Margins predictive(PoolSpec pool, double quantile, Duration stabilization) {
    return new Margins("predictive", pool.targetUtilization(), stabilization, quantile);
  }

  /** The pool with these margins. */
  public PoolSpec applyTo(PoolSpec pool) {
    return policy.equals("predictive")
        ? pool.withMargins(pool.targetUtilization(), stabilization, demandQuantile)
        : pool.withMargins(utilization, stabilization, pool.demandQuantile());
  }

  /** "target-utilization 0.70, scale-in-stabilization 10m" or "demand-quantile 99.5%, ...". */
  public String label() {
    if (policy.equals("predictive")) {
      return String.format(
          Locale.ROOT,
          "demand-quantile %s%%, scale-in-stabilization %s",
          SloCapacity.percent(demandQuantile),
          DurationText.format(stabilization));
    }
    return String.format(
        Locale.ROOT,
        "target-utilization %.2f, scale-in-stabilization %s",
        utilization,
        DurationText.format(stabilization));
  }
}
