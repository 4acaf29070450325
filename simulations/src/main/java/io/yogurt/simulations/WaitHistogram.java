package io.yogurt.simulations;

import java.util.Arrays;

/**
 * Queue waits of many requests in fixed buckets: 50 ms wide up to 10 s, then 5% wider each, so
 * percentiles over millions of requests cost a few hundred counters. A percentile is read as its
 * bucket's upper edge (never optimistic).
 */
public final class WaitHistogram {

  private static final double FINE_WIDTH = 0.05;
  private static final int FINE = 200;
  private static final double FINE_END = FINE * FINE_WIDTH;
  private static final double GROWTH = 1.05;
  private static final int BUCKETS = FINE + 400;

  private final long[] counts = new long[BUCKETS];
  private long total;
  private double sum;

  public void record(double waitSeconds, long count) {
    if (count <= 0) {
      return;
    }
    counts[bucket(waitSeconds)] += count;
    total += count;
    sum += waitSeconds * count;
  }

  public void addAll(WaitHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
    sum += other.sum;
  }

  public void clear() {
    Arrays.fill(counts, 0);
    total = 0;
    sum = 0;
  }

  public long count() {
    return total;
  }

  public double mean() {
    return total == 0 ? 0 : sum / total;
  }

  /** The wait that {@code q} of the requests did not exceed (0 with no requests). */
  public double percentile(double q) {
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank && counts[i] > 0) {
        return upperEdge(i);
      }
    }
    return upperEdge(BUCKETS - 1);
  }

  static int bucket(double w) {
    if (w <= 0) {
      return 0;
    }
    if (w < FINE_END) {
      return (int) (w / FINE_WIDTH);
    }
    int i = FINE + (int) (Math.log(w / FINE_END) / Math.log(GROWTH));
    return Math.min(i, BUCKETS - 1);
  }

  static double upperEdge(int bucket) {
    if (bucket < FINE) {
      return bucket == 0 ? 0 : (bucket + 1) * FINE_WIDTH;
    }
    return FINE_END * Math.pow(GROWTH, bucket - FINE + 1);
  }
}
