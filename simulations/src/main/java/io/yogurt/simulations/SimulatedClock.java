package io.yogurt.simulations;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/** A clock that moves only when told: simulations run days in seconds. */
public final class SimulatedClock implements InstantSource {

  private Instant now;

  public SimulatedClock(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  @Override
  public Instant instant() {
    return now;
  }

  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("time only moves forward, got " + by);
    }
    now = now.plus(by);
  }

  /** Moves to {@code t}, which must not be in the past. */
  public void set(Instant t) {
    if (t.isBefore(now)) {
      throw new IllegalArgumentException("time only moves forward: " + t + " is before " + now);
    }
    now = t;
  }
}
