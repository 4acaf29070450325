package io.yogurt.autoscaler.policy;

import io.yogurt.models.PolicyInput;
import io.yogurt.models.ReasonCode;
import java.time.Instant;

/**
 * Scales in only to the highest size recommended within the stabilization window, so that a dip
 * between two peaks does not send droplets away only to launch them again.
 */
public final class ScaleInStabilization implements DecisionStep {

  @Override
  public Draft apply(Draft draft, PolicyInput in) {
    if (draft.frozen() || draft.desired() >= draft.current()) {
      return draft;
    }
    Instant since = in.now().minus(in.pool().scaleInStabilization());
    int highest = Math.max(draft.desired(), in.memory().highestSince(since, draft.desired()));
    if (highest > draft.desired()) {
      int kept = Math.min(highest, draft.current());
      return draft.to(
          kept,
          ReasonCode.STABILIZED,
          "kept "
              + kept
              + " instead of "
              + draft.desired()
              + ": "
              + highest
              + " was recommended within the last "
              + in.pool().scaleInStabilization().toSeconds()
              + "s");
    }
    return draft;
  }
}
