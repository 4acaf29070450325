package io.yogurt.autoscaler.policy;

import io.yogurt.models.PolicyInput;
import io.yogurt.models.ReasonCode;

/** A fixed size, whatever the load: the baseline a simulation compares against. */
public final class StaticRecommendation implements DecisionStep {

  private final int size;

  public StaticRecommendation(int size) {
    this.size = size;
  }

  @Override
  public Draft apply(Draft draft, PolicyInput in) {
    if (size == draft.desired()) {
      return draft.note(ReasonCode.HOLD, "static size " + size);
    }
    ReasonCode code = size > draft.desired() ? ReasonCode.SCALE_UP_LOAD : ReasonCode.SCALE_DOWN;
    return draft.to(size, code, "static size " + size);
  }
}
