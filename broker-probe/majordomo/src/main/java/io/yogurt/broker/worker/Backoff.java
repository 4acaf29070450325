package io.yogurt.broker.worker;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with jitter: min, 2min, 4min ... max, each scaled by a random 0.5..1.0. Not
 * thread-safe. Shared with the RabbitMQ worker.
 */
public final class Backoff {
  private final long minMillis;
  private final long maxMillis;
  private final RandomGenerator random;
  private long current;

  public Backoff(Duration min, Duration max, RandomGenerator random) {
    this.minMillis = Math.max(1, min.toMillis());
    this.maxMillis = Math.max(minMillis, max.toMillis());
    this.random = random;
    this.current = minMillis;
  }

  /** The next delay; each call doubles the base up to the maximum. */
  public long nextMillis() {
    long base = current;
    current = Math.min(maxMillis, current * 2);
    return (long) (base * (0.5 + random.nextDouble() * 0.5));
  }

  public void reset() {
    current = minMillis;
  }
}
