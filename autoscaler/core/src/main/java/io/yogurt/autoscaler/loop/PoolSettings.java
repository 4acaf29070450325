package io.yogurt.autoscaler.loop;

import io.yogurt.autoscaler.policy.Policies;
import io.yogurt.config.ConfigSection;
import io.yogurt.models.PoolMode;
import io.yogurt.models.PoolSpec;
import io.yogurt.models.Slo;
import java.time.Duration;

/** One pool as configured: its spec, the policy that sizes it, and the loop's mode for it. */
public record PoolSettings(PoolSpec spec, String policy, PoolMode mode, int staticSize) {

  private static final Duration DAY = Duration.ofDays(1);
  private static final String AUTO = "auto";

  /** Reads {@code pools.<name>}; every key has a default suited to the embedded demo. */
  public static PoolSettings from(String name, ConfigSection s) {
    String service = s.string("service", name);
    String policy = s.choice("policy", "reactive", Policies.NAMES);
    PoolMode mode = PoolMode.of(s.choice("mode", "live", PoolMode.names()));
    int min = s.integer("min", 1, 0, 10_000);
    int max = s.integer("max", 8, 0, 10_000);
    if (min > max) {
      s.error("min", "min " + min + " is above max " + max + " (expected min <= max)");
      max = min;
    }
    double capacity = s.number("capacity-per-worker", 20, 0.001, 1e9);
    double utilization = s.number("target-utilization", 0.7, 0.05, 1.0);
    Duration stabilization =
        s.duration("scale-in-stabilization", Duration.ofSeconds(60), Duration.ZERO, DAY);
    int stepUp = s.integer("max-step-up", 10, 1, 10_000);
    double stepUpShare =
        s.percent("max-step-up-percent", PoolSpec.DEFAULT_STEP_UP_SHARE, 0, 10_000);
    int stepDown = s.integer("max-step-down", 2, 1, 10_000);
    Duration bootGrace =
        s.duration("boot-grace", Duration.ofSeconds(30), Duration.ofSeconds(1), DAY);
    Duration drainDeadline =
        s.duration("drain-deadline", Duration.ofSeconds(30), Duration.ofSeconds(1), DAY);
    Duration cooldown = s.duration("scale-in-cooldown", Duration.ZERO, Duration.ZERO, DAY);
    int staticSize = s.integer("static-size", Math.max(min, 2), 0, 10_000);
    Slo slo = slo(s.section("slo"));
    double demandQuantile = demandQuantile(s);
    Duration minimumBilled =
        s.duration("minimum-billed", Duration.ofMinutes(1), Duration.ZERO, DAY);
    PoolSpec spec =
        new PoolSpec(
            name,
            service,
            min,
            max,
            capacity,
            utilization,
            stabilization,
            stepUp,
            stepDown,
            bootGrace,
            drainDeadline,
            cooldown,
            slo,
            demandQuantile,
            minimumBilled,
            stepUpShare);
    return new PoolSettings(spec, policy, mode, staticSize);
  }

  /**
   * Reads {@code slo:}: {@code wait} (the queue wait), {@code percentile} (of a minute's requests
   * that must wait no longer) and {@code good-minutes} (the share of minutes that must keep it).
   */
  static Slo slo(ConfigSection s) {
    Slo d = Slo.DEFAULT;
    Duration wait = s.duration("wait", d.maxWait(), Duration.ofMillis(100), Duration.ofHours(1));
    double percentile = s.percent("percentile", d.percentile(), 50, 99.9);
    double good = s.percent("good-minutes", d.goodMinutes(), 50, 99.99);
    return new Slo(wait, percentile, good);
  }

  /** {@code demand-quantile}: {@code auto} (the SLO's good minutes) or a percentage. */
  private static double demandQuantile(ConfigSection s) {
    if (s.string("demand-quantile", AUTO).trim().equals(AUTO)) {
      return Double.NaN;
    }
    return s.percent("demand-quantile", Double.NaN, 50, 99.99);
  }
}
