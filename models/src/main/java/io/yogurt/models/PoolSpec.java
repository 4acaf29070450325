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
 * @param maxStepUp most instances added by one decision, unless {@code maxStepUpShare} of the
 *     current size is more
 * @param maxStepDown most instances removed by one decision
 * @param bootGrace how long a new instance may go without a live worker before it counts as dead
 * @param drainDeadline how long a draining worker may take to finish before its instance is
 *     destroyed anyway
 * @param scaleInCooldown after a scale-in, the next scale-in waits this long (zero: no wait)
 * @param slo the service level the predictive policy provisions for
 * @param demandQuantile the quantile of per-minute demand the predictive policy plans for; NaN: the
 *     SLO's share of good minutes
 * @param minimumBilled an instance is billed at least this long: capacity needed again within a
 *     boot plus this is kept rather than given back
 * @param maxStepUpShare one decision may also add this fraction of the current size (1: double), so
 *     that a big pool meets a surge in as many ticks as a small one; 0: {@code maxStepUp} alone
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
    Duration scaleInCooldown,
    Slo slo,
    double demandQuantile,
    Duration minimumBilled,
    double maxStepUpShare) {

  /** What one decision may add by default besides {@code maxStepUp}: the current size. */
  public static final double DEFAULT_STEP_UP_SHARE = 1.0;

  /**
   * A pool with the default SLO, its demand quantile, a minimum billed minute and the default share
   * of the size a decision may add.
   */
  public PoolSpec(
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
    this(
        name,
        service,
        min,
        max,
        capacityPerWorker,
        targetUtilization,
        scaleInStabilization,
        maxStepUp,
        maxStepDown,
        bootGrace,
        drainDeadline,
        scaleInCooldown,
        Slo.DEFAULT,
        Double.NaN,
        Duration.ofMinutes(1),
        DEFAULT_STEP_UP_SHARE);
  }

  public PoolSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(scaleInStabilization, "scaleInStabilization");
    Objects.requireNonNull(bootGrace, "bootGrace");
    Objects.requireNonNull(drainDeadline, "drainDeadline");
    Objects.requireNonNull(scaleInCooldown, "scaleInCooldown");
    Objects.requireNonNull(slo, "slo");
    Objects.requireNonNull(minimumBilled, "minimumBilled");
    if (min < 0 || max < min) {
      throw new IllegalArgumentException("need 0 <= min <= max, got min " + min + " max " + max);
    }
  }

  /** The quantile of per-minute demand the predictive policy plans for. */
  public double plannedDemandQuantile() {
    return Double.isNaN(demandQuantile) ? slo.goodMinutes() : demandQuantile;
  }

  /** This pool with other margins (what {@code yogurt tune} changes). */
  public PoolSpec withMargins(double utilization, Duration stabilization, double quantile) {
    return new PoolSpec(
        name,
        service,
        min,
        max,
        capacityPerWorker,
        utilization,
        stabilization,
        maxStepUp,
        maxStepDown,
        bootGrace,
        drainDeadline,
        scaleInCooldown,
        slo,
        quantile,
        minimumBilled,
        maxStepUpShare);
  }

  /** Most instances one decision may add to a pool of {@code current}. */
  public int stepUpLimit(int current) {
    return Math.max(maxStepUp, (int) Math.ceil(current * maxStepUpShare - 1e-9));
  }

  /** Requests per second one worker is planned to carry. */
  public double plannedRatePerWorker() {
    return capacityPerWorker * targetUtilization;
  }
}
