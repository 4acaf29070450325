package io.yogurt.autoscaler.policy;

import io.yogurt.models.PolicyInput;
import io.yogurt.models.ReasonCode;

/** Limits how many instances one decision adds or removes. */
public final class StepLimit implements DecisionStep {

  @Override
  public Draft apply(Draft draft, PolicyInput in) {
    if (draft.frozen()) {
      return draft;
    }
    int up = in.pool().maxStepUp();
    int down = in.pool().maxStepDown();
    if (draft.desired() - draft.current() > up) {
      int n = draft.current() + up;
      return draft.to(
          n,
          ReasonCode.STEP_LIMIT,
          "limited "
              + draft.current()
              + "->"
              + draft.desired()
              + " to "
              + n
              + " (max step up "
              + up
              + ")");
    }
    if (draft.current() - draft.desired() > down) {
      int n = draft.current() - down;
      return draft.to(
          n,
          ReasonCode.STEP_LIMIT,
          "limited "
              + draft.current()
              + "->"
              + draft.desired()
              + " to "
              + n
              + " (max step down "
              + down
              + ")");
    }
    return draft;
  }
}
