package io.yogurt.models;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with full jitter, the one rule for every retry in Yogurt (DigitalOcean
 * calls, a worker reconnecting to its broker): retry n waits a random time in [base, base * 2^n],
 * capped at {@code max}; a server's Retry-After is a floor. Jitter keeps several Yogurts (or pools,
 * or workers) from retrying in lock-step.
 */
public final class Backoff {

  private final Duration base;
  private final Duration max;
  private final RandomGenerator random;

  public Backoff(Duration base, Duration max, RandomGenerator random) {
    this.base = base;
    this.max = max;
    this.random = random;
  }

  /** The wait before retry number {@code attempt} (1 for the first retry). */
  public Duration delay(int attempt) {
    long baseMs = Math.max(1, base.toMillis());
    long maxMs = Math.max(baseMs, max.toMillis());
    long ceiling = Math.min(maxMs, baseMs << Math.max(0, Math.min(20, attempt)));
    long ms = baseMs + (ceiling > baseMs ? random.nextLong(ceiling - baseMs + 1) : 0);
    return Duration.ofMillis(Math.min(ms, maxMs));
  }

  /** The wait before retry number {@code attempt}, at least {@code retryAfter} when given. */
  public Duration delay(int attempt, Duration retryAfter) {
    Duration d = delay(attempt);
    return retryAfter != null && retryAfter.compareTo(d) > 0 ? retryAfter : d;
  }
}
