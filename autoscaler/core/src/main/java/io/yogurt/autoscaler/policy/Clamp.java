package io.yogurt.autoscaler.policy;

import io.yogurt.models.PolicyInput;
import io.yogurt.models.ReasonCode;

/** Keeps the size within the pool's [min, max]. */
public final class Clamp implements DecisionStep {

  @Override
  public Draft apply(Draft draft, PolicyInput in) {
    if (draft.frozen()) {
      return draft;
    }
    int min = in.pool().min();
    int max = in.pool().max();
    if (draft.desired() > max) {
      return draft.to(
          max,
          ReasonCode.CAPPED_MAX,
          "capped " + draft.desired() + " to " + max + " (max " + max + ")");
    }
    if (draft.desired() < min) {
      return draft.to(
          min,
          ReasonCode.RAISED_MIN,
          "raised " + draft.desired() + " to " + min + " (min " + min + ")");
    }
    return draft;
  }
}
