package io.yogurt.autoscaler.policy;

import io.yogurt.models.PolicyInput;
import io.yogurt.models.PoolSpec;
import io.yogurt.models.ReasonCode;
import io.yogurt.models.ServiceLoad;
import java.time.Duration;
import java.util.Locale;

/**
 * Sizes the pool for what it sees now: the arrival rate at the target utilization, plus enough
 * workers to clear the backlog within {@code backlogTarget}. When nothing was seen (every broker
 * unreachable) it holds the current size: seeing nothing is not the same as no load.
 */
public final class ReactiveRecommendation implements DecisionStep {

  private final Duration backlogTarget;
  private final boolean floorOnly;

  public ReactiveRecommendation(Duration backlogTarget) {
    this(backlogTarget, false);
  }

  /**
   * @param floorOnly plan the arrival rate at full capacity, not at the target utilization, while
   *     there is a forecast: the floor under it, whose quantile already carries the margin (without
   *     one, the policy is reactive, target utilization included)
   */
  public ReactiveRecommendation(Duration backlogTarget, boolean floorOnly) {
    this.backlogTarget = backlogTarget;
    this.floorOnly = floorOnly;
  }

  @Override
  public Draft apply(Draft draft, PolicyInput in) {
    if (in.load().isEmpty()) {
      return draft.to(
          draft.current(),
          ReasonCode.BLIND,
          "no broker answered; holding " + draft.current() + " (never scale on what was not seen)");
    }
    double perWorker =
        floorOnly && in.forecast().isPresent()
            ? in.pool().capacityPerWorker()
            : in.pool().plannedRatePerWorker();
    int need =
        workersNeeded(in.pool(), perWorker, in.load().get(), in.arrivalRate(), backlogTarget);
    int forLoad =
        workersNeeded(in.pool(), perWorker, ServiceLoad.empty(""), in.arrivalRate(), backlogTarget);
    String seen =
        String.format(
            Locale.ROOT,
            "%.1f req/s, %d queued, %.1f req/s per worker planned",
            in.arrivalRate(),
            in.load().get().queued(),
            perWorker);
    if (need > draft.desired()) {
      ReasonCode code = need > forLoad ? ReasonCode.SCALE_UP_BACKLOG : ReasonCode.SCALE_UP_LOAD;
      return draft.to(need, code, "need " + need + " for " + seen);
    }
    if (need < draft.desired()) {
      return draft.to(need, ReasonCode.SCALE_DOWN, "need " + need + " for " + seen);
    }
    return draft.note(ReasonCode.HOLD, "need " + need + " for " + seen);
  }

  /**
   * Workers for the arrival rate at target utilization, plus those that clear the queue in time.
   */
  static int workersNeeded(
      PoolSpec pool,
      double perWorker,
      ServiceLoad load,
      double arrivalRate,
      Duration backlogTarget) {
    double backlogRate = load.queued() / Math.max(1.0, backlogTarget.toMillis() / 1000.0);
    double workers = arrivalRate / perWorker + backlogRate / pool.capacityPerWorker();
    // Round up, but forgive float noise so that exactly 2.0 stays 2.
    return (int) Math.ceil(workers - 1e-9);
  }
}
