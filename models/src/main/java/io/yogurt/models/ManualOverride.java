package io.yogurt.models;

import java.time.Instant;
import java.util.Objects;

/**
 * A person's word on a pool, which wins over the policy until it expires: hold the pool at {@code
 * count} instances, or pause it (no actions at all).
 */
public record ManualOverride(
    String pool, Kind kind, int count, Instant until, String reason, String by) {

  /** What the person asked for. */
  public enum Kind {
    SCALE,
    PAUSE
  }

  public ManualOverride {
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(until, "until");
    reason = reason == null ? "" : reason;
    by = by == null ? "" : by;
  }

  public boolean activeAt(Instant now) {
    return now.isBefore(until);
  }
}
