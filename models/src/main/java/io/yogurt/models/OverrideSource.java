package io.yogurt.models;

import java.time.Instant;
import java.util.Optional;

/** The overrides and modes people have set, as the loop reads them at each tick. */
public interface OverrideSource {

  Optional<ManualOverride> active(String pool, Instant now);

  /** The mode a person switched the pool to; empty: the configured one. */
  default Optional<PoolMode> mode(String pool) {
    return Optional.empty();
  }

  /**
   * When a person last resumed the pool ({@code yogurt resume}); it also ends a suspension of its
   * launches. Empty: never.
   */
  default Optional<Instant> resumedAt(String pool) {
    return Optional.empty();
  }

  /**
   * All of it as it stands at {@code now}, read at once: the loop takes one snapshot per tick
   * rather than asking the store (a file, or PostgreSQL under HA) twice per pool.
   */
  default OverrideSource snapshot(Instant now) {
    return this;
  }

  OverrideSource NONE = (pool, now) -> Optional.empty();
}
