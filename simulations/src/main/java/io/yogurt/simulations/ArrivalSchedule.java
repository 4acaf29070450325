package io.yogurt.simulations;

import io.yogurt.config.trace.Trace;
import io.yogurt.models.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Requests arriving in each second of a simulated span, made from a trace: each interval's count
 * (times the rate scale) is spread over the interval's seconds at random (multinomially, seeded),
 * so the counts are kept exactly. A gap in the trace repeats the interval before it.
 */
public final class ArrivalSchedule {

  private final Instant start;
  private final int[] perSecond;
  private final int gapsFilled;

  ArrivalSchedule(Instant start, int[] perSecond, int gapsFilled) {
    this.start = start;
    this.perSecond = perSecond;
    this.gapsFilled = gapsFilled;
  }

  /** Builds the schedule for {@code [from, to)}, which must lie within the trace. */
  public static ArrivalSchedule of(
      Trace trace, Instant from, Instant to, double rateScale, long seed) {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from " + from + " is not before to " + to);
    }
    Series series = trace.toSeries();
    long seconds = Duration.between(from, to).toSeconds();
    int[] out = new int[Math.toIntExact(seconds)];
    SplittableRandom rng = new SplittableRandom(seed);
    long stepSeconds = Math.max(1, series.step().toSeconds());
    double last = 0;
    int gaps = 0;
    for (int i = 0; i < series.size(); i++) {
      double v = series.valueAt(i);
      if (Double.isNaN(v)) {
        v = last;
        gaps++;
      }
      last = v;
      long offset = Duration.between(from, series.timeAt(i)).toSeconds();
      if (offset + stepSeconds <= 0 || offset >= seconds) {
        continue;
      }
      long scaled = roundStochastic(v * rateScale, rng);
      spread(out, offset, stepSeconds, scaled, rng);
    }
    return new ArrivalSchedule(from, out, gaps);
  }

  /** A schedule from per-second counts (tests). */
  public static ArrivalSchedule ofCounts(Instant start, int... perSecond) {
    return new ArrivalSchedule(start, perSecond.clone(), 0);
  }

  /**
   * Spreads {@code count} over seconds {@code [offset, offset+len)} multinomially; clipped to the
   * span.
   */
  private static void spread(int[] out, long offset, long len, long count, SplittableRandom rng) {
    long remaining = count;
    for (long k = 0; k < len && remaining > 0; k++) {
      long left = len - k;
      long here = left == 1 ? remaining : Binomial.sample(remaining, 1.0 / left, rng);
      remaining -= here;
      long at = offset + k;
      if (at >= 0 && at < out.length) {
        out[(int) at] += (int) here;
      }
    }
  }

  private static long roundStochastic(double x, SplittableRandom rng) {
    long floor = (long) Math.floor(x);
    return floor + (rng.nextDouble() < x - floor ? 1 : 0);
  }

  public Instant start() {
    return start;
  }

  public Instant end() {
    return start.plusSeconds(perSecond.length);
  }

  public int seconds() {
    return perSecond.length;
  }

  /** Requests arriving in second {@code i} of the span. */
  public int at(int second) {
    return perSecond[second];
  }

  /** Requests arriving in {@code [from, to)} seconds of the span, clipped to it. */
  public long sum(int fromSecond, int toSecond) {
    long s = 0;
    for (int i = Math.max(0, fromSecond); i < Math.min(toSecond, perSecond.length); i++) {
      s += perSecond[i];
    }
    return s;
  }

  public long total() {
    return sum(0, perSecond.length);
  }

  /** Trace intervals with no row, filled with the interval before. */
  public int gapsFilled() {
    return gapsFilled;
  }
}
