package io.yogurt.config.trace;

import io.yogurt.models.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A recorded trace: request counts per interval, in time order. Missing intervals are gaps, not
 * zeros.
 *
 * @param source where it was read from, for messages
 * @param interval the spacing inferred from the data (median of the gaps between rows)
 * @param skippedRows bad rows skipped (only with skip-bad-rows)
 */
public record Trace(String source, Duration interval, List<Point> points, int skippedRows) {

  /** One row: the interval starting at {@code at} saw {@code count} requests. */
  public record Point(Instant at, double count) {}

  public Trace {
    points = List.copyOf(points);
  }

  public Instant start() {
    return points.get(0).at();
  }

  /** The instant just after the last interval. */
  public Instant end() {
    return points.get(points.size() - 1).at().plus(interval);
  }

  /**
   * The trace as a regular series with its own interval; intervals with no row are NaN. Rows that
   * fall off the grid are added to the interval they fall in.
   */
  public Series toSeries() {
    long step = interval.toMillis();
    int n = (int) ((end().toEpochMilli() - start().toEpochMilli() + step - 1) / step);
    double[] values = new double[n];
    Arrays.fill(values, Double.NaN);
    long origin = start().toEpochMilli();
    for (Point p : points) {
      int i = (int) ((p.at().toEpochMilli() - origin) / step);
      values[i] = Double.isNaN(values[i]) ? p.count() : values[i] + p.count();
    }
    return new Series(start(), interval, values);
  }
}
