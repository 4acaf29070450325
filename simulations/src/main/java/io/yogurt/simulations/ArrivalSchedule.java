package io.yogurt.simulations;

import io.yogurt.config.trace.Trace;
import io.yogurt.models.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Requests arriving in each second of a simulated span, made from a trace: each interval's count
 * (times the rate scale) is kept exactly and spread over its seconds at random (seeded). An
 * interval longer than a minute is first cut into minutes with the given index of dispersion
 * (variance / mean of a minute's count; 1 is Poisson: multinomially), each minute then spread over
 * its seconds multinomially. A gap in the trace repeats the interval before it.
 */
public final class ArrivalSchedule {

  private static final int MINUTE = 60;

  /** Weights no more concentrated than this: a minute never takes a step's whole count. */
  private static final double MIN_ALPHA = 0.05;

  private final Instant start;
  private final int[] perSecond;
  private final int gapsFilled;
  private final double dispersion;

  ArrivalSchedule(Instant start, int[] perSecond, int gapsFilled, double dispersion) {
    this.start = start;
    this.perSecond = perSecond;
    this.gapsFilled = gapsFilled;
    this.dispersion = dispersion;
  }

  /** Builds the schedule for {@code [from, to)} with Poisson minutes. */
  public static ArrivalSchedule of(
      Trace trace, Instant from, Instant to, double rateScale, long seed) {
    return of(trace, from, to, rateScale, seed, Dispersion.POISSON);
  }

  /**
   * Builds the schedule for {@code [from, to)}, which must lie within the trace.
   *
   * @param dispersion index of dispersion of the minutes within a longer interval; NaN: measured
   *     from the trace ({@link Dispersion})
   */
  public static ArrivalSchedule of(
      Trace trace, Instant from, Instant to, double rateScale, long seed, double dispersion) {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from " + from + " is not before to " + to);
    }
    Series series = trace.toSeries();
    long seconds = Duration.between(from, to).toSeconds();
    int[] out = new int[Math.toIntExact(seconds)];
    SplittableRandom rng = new SplittableRandom(seed);
    long stepSeconds = Math.max(1, series.step().toSeconds());
    boolean coarse = stepSeconds > MINUTE;
    double index =
        !coarse
            ? Dispersion.POISSON
            : Double.isNaN(dispersion) ? Dispersion.measure(series, rateScale) : dispersion;
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
      if (coarse && stepSeconds % MINUTE == 0) {
        long[] minutes = minutes(scaled, (int) (stepSeconds / MINUTE), index, rng);
        for (int m = 0; m < minutes.length; m++) {
          spread(out, offset + m * MINUTE, MINUTE, minutes[m], rng);
        }
      } else {
        spread(out, offset, stepSeconds, scaled, rng);
      }
    }
    return new ArrivalSchedule(from, out, gaps, coarse ? index : Double.NaN);
  }

  /** A schedule from per-second counts (tests). */
  public static ArrivalSchedule ofCounts(Instant start, int... perSecond) {
    return new ArrivalSchedule(start, perSecond.clone(), 0, Double.NaN);
  }

  /**
   * Cuts {@code count} into {@code k} minutes as independent minutes with the index of dispersion
   * {@code d} would fall given their total: a minute's variance about the step's mean is {@code (1
   * - 1/k) d} times that mean. A Dirichlet-multinomial, whose symmetric weights Gamma(alpha) give
   * the variance {@code (1 - 1/k) (n/k) (n + k alpha) / (1 + k alpha)}; alpha solves it for {@code
   * d} (plain multinomial, as for Poisson minutes, when d is 1 or less).
   */
  static long[] minutes(long count, int k, double d, SplittableRandom rng) {
    long[] out = new long[k];
    double phi = d;
    if (count == 0) {
      return out;
    }
    double[] w = new double[k];
    double total = 0;
    if (phi <= 1 || count <= phi) {
      // Poisson-like, or a count too small to be more dispersed than all-in-one-minute.
      double alpha = phi <= 1 ? Double.POSITIVE_INFINITY : MIN_ALPHA;
      for (int j = 0; j < k; j++) {
        w[j] = Double.isInfinite(alpha) ? 1 : Gamma.sample(alpha, rng);
        total += w[j];
      }
    } else {
      double alpha = Math.max(MIN_ALPHA, (count - phi) / (k * (phi - 1)));
      for (int j = 0; j < k; j++) {
        w[j] = Gamma.sample(alpha, rng);
        total += w[j];
      }
    }
    long remaining = count;
    for (int j = 0; j < k && remaining > 0; j++) {
      long here =
          j == k - 1 ? remaining : Binomial.sample(remaining, w[j] / Math.max(total, 1e-300), rng);
      remaining -= here;
      total -= w[j];
      out[j] = here;
    }
    return out;
  }

  /** The index of dispersion the minutes of a coarse trace were cut with; NaN: not cut. */
  public double dispersion() {
    return dispersion;
  }

  /** Requests per minute from the start (the last minute may be partial). */
  public long[] perMinute() {
    long[] out = new long[(perSecond.length + MINUTE - 1) / MINUTE];
    for (int i = 0; i < perSecond.length; i++) {
      out[i / MINUTE] += perSecond[i];
    }
    return out;
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
