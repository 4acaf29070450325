package io.yogurt.autoscaler.policy;

import io.yogurt.models.PolicyInput;
import io.yogurt.models.ReasonCode;
import java.time.Instant;

/**
 * Paces scale-in: after one, the next waits {@code scale-in-cooldown}, so that drains finish and
 * the load settles before more capacity goes. Scale-up is never held back.
 */
public final class ScaleInCooldown implements DecisionStep {

  @Override
  public Draft apply(Draft draft, PolicyInput in) {
    if (draft.frozen()
        || draft.desired() >= draft.current()
        || in.pool().scaleInCooldown().isZero()) {
      return draft;
    }
    Instant until = in.memory().lastScaleDown().plus(in.pool().scaleInCooldown());
    if (in.now().isBefore(until)) {
      return draft.to(
          draft.current(),
          ReasonCode.COOLDOWN,
          "kept "
              + draft.current()
              + " instead of "
              + draft.desired()
              + ": last scale-in at "
              + in.memory().lastScaleDown()
              + ", cooldown until "
              + until);
    }
    return draft;
  }
}
