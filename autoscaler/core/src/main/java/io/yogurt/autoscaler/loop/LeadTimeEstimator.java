package io.yogurt.autoscaler.loop;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Learns one pool's time from launch to first heartbeat from the launches the loop saw boot: the
 * mean of the recent ones once outliers are cut (farther from the median than three robust standard
 * deviations, or one tick when they agree), or the configured default until there is one. Only
 * instances first seen without a worker count: an instance already live at the loop's first look
 * (after a restart, a takeover) says nothing of how long it took to boot.
 */
public final class LeadTimeEstimator {

  static final int KEPT = 20;

  /** The median absolute deviation times this estimates a normal standard deviation. */
  private static final double MAD_TO_SIGMA = 1.4826;

  private final Duration fallback;
  private final Duration resolution;
  private final Deque<Long> recentMillis = new ArrayDeque<>();

  /**
   * @param fallback used until a launch was seen
   * @param resolution how finely a launch is timed (the loop's tick): closer than this is agreement
   */
  public LeadTimeEstimator(Duration fallback, Duration resolution) {
    this.fallback = fallback;
    this.resolution = resolution;
  }

  public LeadTimeEstimator(Duration fallback) {
    this(fallback, Duration.ZERO);
  }

  public synchronized void observed(Duration launchToFirstHeartbeat) {
    if (launchToFirstHeartbeat.isNegative()) {
      return;
    }
    recentMillis.addLast(launchToFirstHeartbeat.toMillis());
    while (recentMillis.size() > KEPT) {
      recentMillis.removeFirst();
    }
  }

  /** The recent launches, oldest first, as kept in the loop's memory. */
  public synchronized List<Long> samplesMillis() {
    return List.copyOf(recentMillis);
  }

  /** Starts over from remembered launches. */
  public synchronized void restore(List<Long> millis) {
    recentMillis.clear();
    millis.forEach(m -> observed(Duration.ofMillis(m)));
  }

  public synchronized Duration current() {
    long[] kept = inliers();
    if (kept.length == 0) {
      return fallback;
    }
    return Duration.ofMillis(Math.round(Arrays.stream(kept).average().orElseThrow()));
  }

  public synchronized int samples() {
    return recentMillis.size();
  }

  /** The recent launches within three robust standard deviations (or a tick) of their median. */
  private long[] inliers() {
    long[] sorted = recentMillis.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length == 0) {
      return sorted;
    }
    double median = median(sorted);
    double[] deviations = Arrays.stream(sorted).mapToDouble(x -> Math.abs(x - median)).toArray();
    Arrays.sort(deviations);
    double mad = deviations[deviations.length / 2];
    double limit = Math.max(3 * MAD_TO_SIGMA * mad, resolution.toMillis());
    return Arrays.stream(sorted).filter(x -> Math.abs(x - median) <= limit).toArray();
  }

  private static double median(long[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  @Override
  public synchronized String toString() {
    if (recentMillis.isEmpty()) {
      return "default " + fallback.toSeconds() + "s";
    }
    int cut = recentMillis.size() - inliers().length;
    return current().toSeconds()
        + "s (mean of "
        + recentMillis.size()
        + " launches"
        + (cut > 0 ? ", " + cut + " outlier" + (cut > 1 ? "s" : "") + " cut" : "")
        + ")";
  }
}
