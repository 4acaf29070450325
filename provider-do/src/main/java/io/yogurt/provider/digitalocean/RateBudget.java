package io.yogurt.provider.digitalocean;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The client-side request budget: at most {@code perMinute} requests in any 60 seconds and {@code
 * perHour} in any hour (sliding windows, so no burst at a window's edge), shared by every pool.
 * When the server says few requests remain, it also waits for the server's reset. {@link
 * #acquire()} blocks (through the injected {@link Sleeper}) until a request may go.
 */
public final class RateBudget {

  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration HOUR = Duration.ofHours(1);

  private final int perMinute;
  private final int perHour;
  private final int serverReserve;
  private final InstantSource clock;
  private final Sleeper sleeper;
  private final Deque<Instant> sent = new ArrayDeque<>();
  private Instant pausedUntil = Instant.MIN;
  private long total;
  private Duration waited = Duration.ZERO;

  /**
   * @param serverReserve when the server's {@code RateLimit-Remaining} falls to this, wait for its
   *     {@code RateLimit-Reset}
   */
  public RateBudget(
      int perMinute, int perHour, int serverReserve, InstantSource clock, Sleeper sleeper) {
    if (perMinute < 1 || perHour < perMinute) {
      throw new IllegalArgumentException(
          "need 1 <= perMinute <= perHour, got " + perMinute + " and " + perHour);
    }
    this.perMinute = perMinute;
    this.perHour = perHour;
    this.serverReserve = serverReserve;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** Waits until one more request fits the budget, then counts it as sent. */
  public synchronized void acquire() throws InterruptedException {
    while (true) {
      Instant now = clock.instant();
      Instant freeAt = earliestSlot(now);
      if (!freeAt.isAfter(now)) {
        sent.addLast(now);
        total++;
        return;
      }
      Duration wait = Duration.between(now, freeAt);
      waited = waited.plus(wait);
      sleeper.sleep(wait);
    }
  }

  /** Waits at least {@code d} before the next request (a 429's Retry-After). */
  public synchronized void pauseFor(Duration d) {
    Instant until = clock.instant().plus(d);
    if (until.isAfter(pausedUntil)) {
      pausedUntil = until;
    }
  }

  /** Takes in what the server said about its own count. */
  public synchronized void observe(RateLimitHeaders.Snapshot s) {
    if (s.remaining() != null
        && s.reset() != null
        && s.remaining() <= serverReserve
        && s.reset().isAfter(pausedUntil)) {
      pausedUntil = s.reset();
    }
  }

  /** Requests sent since this budget was made. */
  public synchronized long total() {
    return total;
  }

  /** Time spent waiting for the budget. */
  public synchronized Duration waited() {
    return waited;
  }

  private Instant earliestSlot(Instant now) {
    while (!sent.isEmpty() && !sent.peekFirst().isAfter(now.minus(HOUR))) {
      sent.removeFirst();
    }
    Instant at = pausedUntil.isAfter(now) ? pausedUntil : now;
    if (sent.size() >= perHour) {
      at = max(at, nth(sent.size() - perHour).plus(HOUR));
    }
    int inLastMinute = 0;
    Instant minuteAgo = now.minus(MINUTE);
    for (var it = sent.descendingIterator(); it.hasNext(); ) {
      if (!it.next().isAfter(minuteAgo)) {
        break;
      }
      inLastMinute++;
    }
    if (inLastMinute >= perMinute) {
      // The request that must leave the window before another may enter it.
      at = max(at, nth(sent.size() - perMinute).plus(MINUTE));
    }
    return at;
  }

  private Instant nth(int index) {
    int i = 0;
    for (Instant t : sent) {
      if (i++ == index) {
        return t;
      }
    }
    throw new IllegalStateException("index " + index + " of " + sent.size());
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
