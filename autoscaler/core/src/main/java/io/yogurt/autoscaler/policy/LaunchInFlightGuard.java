package io.yogurt.autoscaler.policy;

import io.yogurt.models.PolicyInput;
import io.yogurt.models.ReasonCode;

/**
 * No scale-in while a launch for the pool is in flight: the launch was decided on fresher evidence
 * than a dip seen while it boots, and undoing it wastes the boot.
 */
public final class LaunchInFlightGuard implements DecisionStep {

  private final InstanceHealth health;

  public LaunchInFlightGuard(InstanceHealth health) {
    this.health = health;
  }

  @Override
  public Draft apply(Draft draft, PolicyInput in) {
    if (draft.frozen() || draft.desired() >= draft.current()) {
      return draft;
    }
    int booting = health.booting(in).size() + in.view().launchesInFlight();
    if (booting > 0) {
      return draft.to(
          draft.current(),
          ReasonCode.LAUNCH_IN_FLIGHT,
          "kept "
              + draft.current()
              + " instead of "
              + draft.desired()
              + ": "
              + booting
              + " launch(es) still booting");
    }
    return draft;
  }
}
