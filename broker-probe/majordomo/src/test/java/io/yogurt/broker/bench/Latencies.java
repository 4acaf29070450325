package io.yogurt.broker.bench;

import java.util.Arrays;

/** Latencies of one measurement, in nanoseconds, and their summary line. */
final class Latencies {

  /** The tail matters most here: a round trip that waits on a timer shows only above p95. */
  private static final double[] TAIL = {0.90, 0.95, 0.98, 0.99, 0.999};

  private long[] samples = new long[1 << 16];
  private int count;

  synchronized void add(long nanos) {
    if (count == samples.length) {
      samples = Arrays.copyOf(samples, count * 2);
    }
    samples[count++] = nanos;
  }

  /** One line of rate and percentiles, and one of the tail. */
  synchronized String report(String name, long elapsedNanos) {
    long[] s = Arrays.copyOf(samples, count);
    Arrays.sort(s);
    double rate = count / (elapsedNanos / 1e9);
    double mean = Arrays.stream(s).average().orElse(0);
    StringBuilder tail = new StringBuilder();
    for (double q : TAIL) {
      tail.append(String.format("  p%s %.0f", trim(q * 100), at(s, q) / 1e3));
    }
    return String.format(
        "%-44s %9.0f req/s   p50 %7.1f us   p99 %8.1f us   (%d requests)%n"
            + "%-44s mean %.0f us;%s us; %d over 1 ms",
        name,
        rate,
        at(s, 0.5) / 1e3,
        at(s, 0.99) / 1e3,
        count,
        "",
        mean / 1e3,
        tail,
        count - upperIndex(s, 1_000_000));
  }

  private static long at(long[] sorted, double q) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))];
  }

  /** Index of the first sample above {@code nanos}. */
  private static int upperIndex(long[] sorted, long nanos) {
    int i = Arrays.binarySearch(sorted, nanos + 1);
    return i >= 0 ? i : -i - 1;
  }

  private static String trim(double percent) {
    return percent == Math.rint(percent) ? String.valueOf((long) percent) : String.valueOf(percent);
  }
}
