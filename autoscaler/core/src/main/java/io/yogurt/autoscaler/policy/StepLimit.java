package io.yogurt.autoscaler.policy;

import io.yogurt.models.PolicyInput;
import io.yogurt.models.ReasonCode;

/**
 * Limits how many instances one decision adds or removes. Up: {@code max-step-up} instances or
 * {@code max-step-up-percent} of the current size, whichever is more (as Kubernetes' HPA: a surge
 * is met in a few ticks whatever the pool's size, while a bad reading cannot grow a small pool
 * without bound in one tick).
 */
public final class StepLimit implements DecisionStep {

  @Override
  public Draft apply(Draft draft, PolicyInput in) {
    if (draft.frozen()) {
      return draft;
    }
    int up = in.pool().stepUpLimit(draft.current());
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
