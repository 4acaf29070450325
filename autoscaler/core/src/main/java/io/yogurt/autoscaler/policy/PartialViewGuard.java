package io.yogurt.autoscaler.policy;

import io.yogurt.models.PolicyInput;
import io.yogurt.models.ReasonCode;

/**
 * No scale-in on a partial view: when some broker did not answer, the load seen is what the others
 * saw, a lower bound, and a dip in it may be the blind spot, not the traffic. Scaling up on what is
 * known stays allowed.
 */
public final class PartialViewGuard implements DecisionStep {

  @Override
  public Draft apply(Draft draft, PolicyInput in) {
    if (draft.frozen() || !in.partial() || draft.desired() >= draft.current()) {
      return draft;
    }
    return draft.to(
        draft.current(),
        ReasonCode.PARTIAL_VIEW,
        "kept "
            + draft.current()
            + " instead of "
            + draft.desired()
            + ": "
            + String.join(", ", in.blindBrokers())
            + " did not answer, so the load may be higher than seen");
  }
}
