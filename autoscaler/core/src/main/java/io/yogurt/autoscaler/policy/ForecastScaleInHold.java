package io.yogurt.autoscaler.policy;

import io.yogurt.models.PolicyInput;
import io.yogurt.models.ReasonCode;
import java.time.Instant;

/**
 * Gives capacity back only when the forecast says it will not be needed soon: not when the SLO
 * needs it again within a boot (a relaunch would come too late, so an idle worker is kept across
 * the gap, as the oracle does), nor within a boot plus the minimum billed period (a relaunch would
 * cost more than keeping it). Without a forecast it changes nothing.
 */
public final class ForecastScaleInHold implements DecisionStep {

  @Override
  public Draft apply(Draft draft, PolicyInput in) {
    if (draft.frozen() || draft.desired() >= draft.current() || in.forecast().isEmpty()) {
      return draft;
    }
    Instant booted = in.now().plus(in.leadTime());
    Instant billed = booted.plus(in.pool().minimumBilled());
    SloCapacity.Need gap = SloCapacity.over(in.forecast().get(), in.pool(), in.now(), booted);
    SloCapacity.Need bill = SloCapacity.over(in.forecast().get(), in.pool(), booted, billed);
    if (gap != null && gap.workers() > draft.desired()) {
      return hold(draft, gap, ReasonCode.KEPT_FOR_GAP, "within a boot (" + secs(in, 0) + ")", in);
    }
    if (bill != null && bill.workers() > draft.desired()) {
      return hold(
          draft,
          bill,
          ReasonCode.KEPT_FOR_BILLING,
          "within a boot plus the minimum billed period (" + secs(in, 1) + ")",
          in);
    }
    return draft;
  }

  private static Draft hold(
      Draft draft, SloCapacity.Need need, ReasonCode code, String when, PolicyInput in) {
    int kept = Math.min(draft.current(), need.workers());
    return draft.to(
        kept,
        code,
        "kept "
            + kept
            + " instead of "
            + draft.desired()
            + ": the forecast needs "
            + need.describe(in.pool().plannedDemandQuantile())
            + " "
            + when);
  }

  private static String secs(PolicyInput in, int withBilling) {
    long s = in.leadTime().toSeconds() + withBilling * in.pool().minimumBilled().toSeconds();
    return s + "s";
  }
}
