package io.yogurt.provider.digitalocean;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with full jitter: attempt n waits a random time in [base, base * 2^n],
 * capped at {@code max}; a server's Retry-After is a floor. Jitter keeps several Yogurts (or pools)
 * from retrying in lock-step.
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
  public Duration delay(int attempt, Duration retryAfter) {
    long baseMs = Math.max(1, base.toMillis());
    long ceiling = Math.min(max.toMillis(), baseMs << Math.min(20, attempt));
    long ms = baseMs + (ceiling > baseMs ? random.nextLong(ceiling - baseMs + 1) : 0);
    Duration d = Duration.ofMillis(Math.min(ms, max.toMillis()));
    return retryAfter != null && retryAfter.compareTo(d) > 0 ? retryAfter : d;
  }
}
