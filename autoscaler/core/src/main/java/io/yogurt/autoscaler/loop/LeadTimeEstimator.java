package io.yogurt.autoscaler.loop;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Learns the time from launch to first heartbeat from the launches it has seen: the median of the
 * recent ones, or the configured default until there is one.
 */
public final class LeadTimeEstimator {

  private static final int KEPT = 20;

  private final Duration fallback;
  private final Deque<Long> recentMillis = new ArrayDeque<>();

  public LeadTimeEstimator(Duration fallback) {
    this.fallback = fallback;
  }

  public synchronized void observed(Duration launchToFirstHeartbeat) {
    if (launchToFirstHeartbeat.isNegative()) {
      return;
    }
    recentMillis.addLast(launchToFirstHeartbeat.toMillis());
    if (recentMillis.size() > KEPT) {
      recentMillis.removeFirst();
    }
  }

  public synchronized Duration current() {
    if (recentMillis.isEmpty()) {
      return fallback;
    }
    long[] sorted = recentMillis.stream().mapToLong(Long::longValue).sorted().toArray();
    return Duration.ofMillis(sorted[sorted.length / 2]);
  }

  public synchronized int samples() {
    return recentMillis.size();
  }

  @Override
  public synchronized String toString() {
    return recentMillis.isEmpty()
        ? "default " + fallback.toSeconds() + "s"
        : current().toSeconds() + "s (median of " + recentMillis.size() + " launches)";
  }
}
