package io.yogurt.simulations;

import io.yogurt.models.History;
import io.yogurt.models.Metrics;
import io.yogurt.models.Sample;
import io.yogurt.models.Series;
import io.yogurt.models.SeriesQuery;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * History kept in memory, one growing column per (service, metric): a month of 10-second ticks
 * costs a few tens of megabytes and reads by binary search.
 */
public final class SimulatedHistory implements History {

  /** Samples of one series in time order. */
  private static final class Column {
    long[] millis = new long[1024];
    double[] values = new double[1024];
    int size;

    void put(long t, double v) {
      int i =
          size == 0 || t > millis[size - 1] ? -(size + 1) : Arrays.binarySearch(millis, 0, size, t);
      if (i >= 0) {
        values[i] = v;
        return;
      }
      int at = -(i + 1);
      if (size == millis.length) {
        millis = Arrays.copyOf(millis, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      System.arraycopy(millis, at, millis, at + 1, size - at);
      System.arraycopy(values, at, values, at + 1, size - at);
      millis[at] = t;
      values[at] = v;
      size++;
    }

    int firstAtOrAfter(long t) {
      int i = Arrays.binarySearch(millis, 0, size, t);
      return i >= 0 ? i : -(i + 1);
    }
  }

  private final Map<String, Column> columns = new HashMap<>();

  @Override
  public synchronized void append(List<Sample> samples) {
    for (Sample s : samples) {
      columns
          .computeIfAbsent(s.service() + "\u0000" + s.metric(), k -> new Column())
          .put(s.at().toEpochMilli(), s.value());
    }
  }

  @Override
  public synchronized Series read(SeriesQuery q) {
    int n = q.steps();
    double[] out = new double[n];
    Arrays.fill(out, Double.NaN);
    Column c = columns.get(q.service() + "\u0000" + q.metric());
    if (c == null) {
      return new Series(q.from(), q.step(), out);
    }
    long from = q.from().toEpochMilli();
    long to = q.to().toEpochMilli();
    long step = q.step().toMillis();
    int[] seen = new int[n];
    Metrics.Aggregation how = Metrics.aggregationOf(q.metric());
    for (int i = c.firstAtOrAfter(from); i < c.size && c.millis[i] < to; i++) {
      int k = (int) ((c.millis[i] - from) / step);
      double v = c.values[i];
      if (seen[k]++ == 0) {
        out[k] = v;
      } else if (how == Metrics.Aggregation.MAX) {
        out[k] = Math.max(out[k], v);
      } else {
        out[k] += v;
      }
    }
    if (how == Metrics.Aggregation.MEAN) {
      for (int k = 0; k < n; k++) {
        if (seen[k] > 1) {
          out[k] /= seen[k];
        }
      }
    }
    return new Series(q.from(), q.step(), out);
  }
}
