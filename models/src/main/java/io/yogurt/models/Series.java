package io.yogurt.models;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A regular series: {@code values[i]} covers {@code [start + i*step, start + (i+1)*step)}. A step
 * with no data is {@link Double#NaN}, a gap, never a zero.
 */
public record Series(Instant start, Duration step, double[] values) {

  public Series {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(values, "values");
    if (step.isZero() || step.isNegative()) {
      throw new IllegalArgumentException("step must be positive, got " + step);
    }
  }

  public int size() {
    return values.length;
  }

  public Instant timeAt(int index) {
    return start.plus(step.multipliedBy(index));
  }

  /** The instant just after the last step. */
  public Instant end() {
    return timeAt(values.length);
  }

  public double valueAt(int index) {
    return values[index];
  }

  public boolean isGap(int index) {
    return Double.isNaN(values[index]);
  }

  public long gaps() {
    return Arrays.stream(values).filter(Double::isNaN).count();
  }

  /** The steps {@code [from, to)} as their own series. */
  public Series slice(int from, int to) {
    return new Series(timeAt(from), step, Arrays.copyOfRange(values, from, to));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Series s
        && start.equals(s.start)
        && step.equals(s.step)
        && Arrays.equals(values, s.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(start, step, Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    return "Series[start=" + start + ", step=" + step + ", size=" + values.length + "]";
  }
}
