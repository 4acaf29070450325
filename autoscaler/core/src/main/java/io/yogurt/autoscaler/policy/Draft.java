package io.yogurt.autoscaler.policy;

import io.yogurt.models.Reason;
import io.yogurt.models.ReasonCode;
import java.util.ArrayList;
import java.util.List;

/**
 * A decision in the making: the pool's current size, the size wanted so far, and the reasons every
 * step gave when it changed it ("capped 9 to 6 (max 6)").
 */
public record Draft(int current, int desired, List<Reason> reasons, boolean frozen) {

  public Draft {
    reasons = List.copyOf(reasons);
  }

  public static Draft of(int current) {
    return new Draft(current, current, List.of(), false);
  }

  /** This draft with a new desired size and the reason for it. */
  public Draft to(int newDesired, ReasonCode code, String message) {
    List<Reason> more = new ArrayList<>(reasons);
    more.add(new Reason(code, message));
    return new Draft(current, newDesired, more, frozen);
  }

  /** This draft with a reason that does not change the size. */
  public Draft note(ReasonCode code, String message) {
    return to(desired, code, message);
  }

  /** Marks the size as decided by a person: later safety steps leave it alone. */
  public Draft freeze() {
    return new Draft(current, desired, reasons, true);
  }
}
