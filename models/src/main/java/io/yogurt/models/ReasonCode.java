package io.yogurt.models;

/** Why a decision is what it is; every step that changes the desired count adds one. */
public enum ReasonCode {
  HOLD,
  SCALE_UP_LOAD,
  SCALE_UP_BACKLOG,
  SCALE_UP_FORECAST,
  /** Scale-in held: the forecast needs the capacity again within a boot (a relaunch is late). */
  KEPT_FOR_GAP,
  /**
   * Scale-in held: the forecast needs the capacity again within a boot plus the minimum billed
   * period (a relaunch costs more than keeping it).
   */
  KEPT_FOR_BILLING,
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
  /** The margins in force come from {@code yogurt tune} (reversible: {@code --reset}). */
  TUNED,
  /** A drained instance whose worker went idle or away: destroyed. */
  DRAINED,
  /** A drained instance still busy at its drain deadline: destroyed anyway. */
  DRAIN_DEADLINE,
  /** An instance with no live worker for {@code dead-after}: replaced. */
  REPLACE_DEAD,
  /** An instance whose worker keeps dying ({@code crash-loop-losses}): replaced. */
  CRASH_LOOP,
  /** More instances to replace than {@code max-replacements-per-tick}: the rest wait. */
  HEAL_LIMITED,
  /** Most workers vanished at once: the broker or the network is suspected; none replaced. */
  MASS_LOSS,
  /** The provider could not list the pool's instances: the pool holds this tick. */
  PROVIDER_UNAVAILABLE,
  /**
   * Some brokers did not answer: the pool is sized from what the others saw; no scale-in and no
   * replacement on what was not seen.
   */
  PARTIAL_VIEW,
  /**
   * Too many of the pool's new or replaced instances never served, or crash-looped: the pool
   * launches nothing (scale-up or replacement) until its back-off ends or a person resumes it.
   */
  LAUNCHES_SUSPENDED,
  /** The pool launches again: its back-off ended, or a person resumed it. */
  LAUNCHES_RESUMED,
  /** The pool is in forecast-only mode: forecast and wanted size reported, nothing decided. */
  FORECAST_ONLY,
  /** A source did not answer (a broker, the history's remote side, the shared memory). */
  SOURCE_UNAVAILABLE,
  /** A write under the state directory failed (a full disk, an I/O error): kept trying. */
  STORAGE_FAILING
}
