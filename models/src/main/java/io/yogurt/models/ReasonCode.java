package io.yogurt.models;

/** Why a decision is what it is; every step that changes the desired count adds one. */
public enum ReasonCode {
  HOLD,
  SCALE_UP_LOAD,
  SCALE_UP_BACKLOG,
  SCALE_UP_FORECAST,
  SCALE_DOWN,
  CAPPED_MAX,
  RAISED_MIN,
  STEP_LIMIT,
  STABILIZED,
  COOLDOWN,
  LAUNCH_IN_FLIGHT,
  OVERRIDE,
  PAUSED,
  BLIND,
  DRY_RUN,
  REPLACE_DEAD,
  MASS_LOSS
}
