package io.yogurt.autoscaler.policy;

import io.yogurt.models.ManualOverride;
import io.yogurt.models.PolicyInput;
import io.yogurt.models.ReasonCode;

/**
 * A person's override wins over the policy until it expires: a set size is taken as is (it was
 * checked against min/max when it was given, unless forced), a pause holds the current size.
 */
public final class ManualOverrideStep implements DecisionStep {

  @Override
  public Draft apply(Draft draft, PolicyInput in) {
    if (in.override().isEmpty() || !in.override().get().activeAt(in.now())) {
      return draft;
    }
    ManualOverride o = in.override().get();
    String who =
        (o.by().isEmpty() ? "" : " by " + o.by())
            + " until "
            + o.until()
            + (o.reason().isEmpty() ? "" : " (" + o.reason() + ")");
    if (o.kind() == ManualOverride.Kind.PAUSE) {
      return draft.to(draft.current(), ReasonCode.PAUSED, "paused" + who).freeze();
    }
    return draft.to(o.count(), ReasonCode.OVERRIDE, "set to " + o.count() + who).freeze();
  }
}
