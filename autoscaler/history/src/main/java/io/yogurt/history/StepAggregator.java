package io.yogurt.history;

import io.yogurt.models.Metrics;
import io.yogurt.models.Series;
import io.yogurt.models.SeriesQuery;
import java.util.Arrays;

/**
 * Folds stored points into the regular series a {@link SeriesQuery} asks for. A point is either an
 * instant sample or a bucket that summarises an interval (a downsampled row); a bucket that spans
 * several steps is shared among them in proportion to its overlap, so a coarse past still reads as
 * a plausible fine series.
 */
public final class StepAggregator {

  private final SeriesQuery query;
  private final long from;
  private final long to;
  private final long step;
  private final Metrics.Aggregation aggregation;
  private final double[] total;
  private final double[] weight;
  private final double[] peak;

  public StepAggregator(SeriesQuery query) {
    this.query = query;
    this.from = query.from().toEpochMilli();
    this.to = query.to().toEpochMilli();
    this.step = query.step().toMillis();
    this.aggregation = Metrics.aggregationOf(query.metric());
    int n = query.steps();
    total = new double[n];
    weight = new double[n];
    peak = new double[n];
    Arrays.fill(peak, Double.NEGATIVE_INFINITY);
  }

  /** One instant sample at {@code atMillis}. */
  public void addSample(long atMillis, double value) {
    addBucket(atMillis, 0, value, 1, value);
  }

  /**
   * A bucket over {@code [startMillis, startMillis + widthMillis)} holding {@code count} samples
   * whose sum is {@code sum} and maximum {@code max}; width 0 is an instant sample.
   */
  public void addBucket(long startMillis, long widthMillis, double sum, double count, double max) {
    if (widthMillis <= 0) {
      if (startMillis < from || startMillis >= to) {
        return;
      }
      accumulate((int) ((startMillis - from) / step), sum, count, max);
      return;
    }
    long end = startMillis + widthMillis;
    long lo = Math.max(startMillis, from);
    long hi = Math.min(end, to);
    for (long t = lo; t < hi; ) {
      int i = (int) ((t - from) / step);
      long stepEnd = Math.min(from + (i + 1) * step, hi);
      double share = (double) (stepEnd - t) / widthMillis;
      accumulate(i, sum * share, count * share, max);
      t = stepEnd;
    }
  }

  private void accumulate(int i, double sum, double count, double max) {
    total[i] += sum;
    weight[i] += count;
    peak[i] = Math.max(peak[i], max);
  }

  /** The series: steps that received nothing are gaps (NaN). */
  public Series result() {
    double[] values = new double[total.length];
    for (int i = 0; i < values.length; i++) {
      if (weight[i] <= 0) {
        values[i] = Double.NaN;
      } else {
        values[i] =
            switch (aggregation) {
              case SUM -> total[i];
              case MEAN -> total[i] / weight[i];
              case MAX -> peak[i];
            };
      }
    }
    return new Series(query.from(), query.step(), values);
  }
}
