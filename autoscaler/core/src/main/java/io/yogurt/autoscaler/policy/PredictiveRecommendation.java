package io.yogurt.autoscaler.policy;

import io.yogurt.models.Forecast;
import io.yogurt.models.PolicyInput;
import io.yogurt.models.ReasonCode;
import java.time.Instant;

/**
 * Raises the draft to what the pool's SLO needs for the forecast over [now, now + lead time + tick]
 * ({@link SloCapacity}): the capacity has to be there before the load arrives. Never lowers the
 * draft, so the reactive floor from the live backlog always holds; without a forecast it changes
 * nothing and says so.
 */
public final class PredictiveRecommendation implements DecisionStep {

  @Override
  public boolean usesForecast() {
    return true;
  }

  @Override
  public Draft apply(Draft draft, PolicyInput in) {
    if (in.forecast().isEmpty()) {
      return draft.note(ReasonCode.HOLD, "no usable forecast; reactive only");
    }
    Forecast f = in.forecast().get();
    Instant until = in.now().plus(in.leadTime()).plus(in.tick());
    SloCapacity.Need need = SloCapacity.over(f, in.pool(), in.now(), until);
    if (need == null) {
      return draft.note(
          ReasonCode.HOLD, "forecast from " + f.origin() + " does not cover now; reactive only");
    }
    if (need.workers() > draft.desired()) {
      return draft.to(
          need.workers(),
          ReasonCode.SCALE_UP_FORECAST,
          "need "
              + need.describe(in.pool().plannedDemandQuantile())
              + " for "
              + in.pool().slo()
              + " within lead time "
              + in.leadTime().toSeconds()
              + "s + tick ("
              + f.model()
              + ")");
    }
    return draft;
  }
}
