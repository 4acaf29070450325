package io.yogurt.models;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * A clock that moves only when told: the simulator runs days in seconds on it, and tests move it by
 * hand instead of sleeping. Safe to read from other threads (a fake server's, a worker's).
 */
public final class ManualClock implements InstantSource {

  private Instant now;

  public ManualClock(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  /** Moves forward by {@code by}, which must not be negative. */
  public synchronized void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("time only moves forward, got " + by);
    }
    now = now.plus(by);
  }

  /** Moves to {@code t}, which must not be in the past. */
  public synchronized void set(Instant t) {
    if (t.isBefore(now)) {
      throw new IllegalArgumentException("time only moves forward: " + t + " is before " + now);
    }
    now = t;
  }
}
