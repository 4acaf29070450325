package io.yogurt.models;

import java.time.Duration;
import java.util.Objects;

/**
 * A pool of identical instances serving one broker service, and the rules for sizing it. Values are
 * validated where the config is read; the core trusts them.
 *
 * @param capacityPerWorker requests per second one worker serves
 * @param targetUtilization fraction of that capacity the policy plans to use, in (0, 1]
 * @param scaleInStabilization the policy scales in only to the highest size it recommended in this
 *     window
 * @param maxStepUp most instances added by one decision
 * @param maxStepDown most instances removed by one decision
 * @param bootGrace how long a new instance may go without a live worker before it counts as dead
 * @param drainDeadline how long a draining worker may take to finish before its instance is
 *     destroyed anyway
 * @param scaleInCooldown after a scale-in, the next scale-in waits this long (zero: no wait)
 */
public record PoolSpec(
    String name,
    String service,
    int min,
    int max,
    double capacityPerWorker,
    double targetUtilization,
    Duration scaleInStabilization,
    int maxStepUp,
    int maxStepDown,
    Duration bootGrace,
    Duration drainDeadline,
    Duration scaleInCooldown) {

  public PoolSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(scaleInStabilization, "scaleInStabilization");
    Objects.requireNonNull(bootGrace, "bootGrace");
    Objects.requireNonNull(drainDeadline, "drainDeadline");
    Objects.requireNonNull(scaleInCooldown, "scaleInCooldown");
    if (min < 0 || max < min) {
      throw new IllegalArgumentException("need 0 <= min <= max, got min " + min + " max " + max);
    }
  }

  /** Requests per second one worker is planned to carry. */
  public double plannedRatePerWorker() {
    return capacityPerWorker * targetUtilization;
  }
}
