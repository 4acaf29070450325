package io.yogurt.history.embedded;

import io.yogurt.models.Metrics;
import java.time.Instant;

/**
 * A row of the embedded store: an instant sample ({@code widthMillis == 0}, {@code count == 1}) or
 * a downsampled bucket over {@code [at, at + widthMillis)}.
 */
public record StoredPoint(
    String service,
    String metric,
    Instant at,
    long widthMillis,
    double sum,
    double count,
    double max) {

  /** The one value that stands for this point, aggregated the way its metric is. */
  public double value() {
    return switch (Metrics.aggregationOf(metric)) {
      case SUM -> sum;
      case MEAN -> sum / count;
      case MAX -> max;
    };
  }
}
