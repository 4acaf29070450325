package io.yogurt.autoscaler.policy;

import io.yogurt.models.Reason;
import io.yogurt.models.ReasonCode;
import java.util.ArrayList;
import java.util.List;

/**
 * A decision in the making: the pool's current size, the size wanted so far, and the reasons every
 * step gave when it changed it ("capped 9 to 6 (max 6)").
 *
 * @param cause the reason of the last step that moved the desired size; null while none has
 */
public record Draft(int current, int desired, List<Reason> reasons, boolean frozen, Reason cause) {

  public Draft {
    reasons = List.copyOf(reasons);
  }

  public static Draft of(int current) {
    return new Draft(current, current, List.of(), false, null);
  }

  /** This draft with a new desired size and the reason for it. */
  public Draft to(int newDesired, ReasonCode code, String message) {
    Reason reason = new Reason(code, message);
    List<Reason> more = new ArrayList<>(reasons);
    more.add(reason);
    return new Draft(current, newDesired, more, frozen, newDesired != desired ? reason : cause);
  }

  /** This draft with a reason that does not change the size. */
  public Draft note(ReasonCode code, String message) {
    return to(desired, code, message);
  }

  /** Marks the size as decided by a person: later safety steps leave it alone. */
  public Draft freeze() {
    return new Draft(current, desired, reasons, true, cause);
  }
}
