package io.yogurt.autoscaler.simulate;

import io.yogurt.config.trace.Trace;
import io.yogurt.models.History;
import io.yogurt.models.HistoryException;
import io.yogurt.models.Metrics;
import io.yogurt.models.Sample;
import io.yogurt.models.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the part of a trace before the simulated span into the history, as a production history
 * would hold it, so that a forecasting policy does not start blind. Counts are spread evenly over
 * the minutes of each interval.
 */
public final class HistorySeeder {

  private HistorySeeder() {}

  /** Seeds up to {@code lookback} of arrivals before {@code from}; returns the minutes seeded. */
  public static int seed(
      History history,
      Trace trace,
      String service,
      Instant from,
      Duration lookback,
      double rateScale)
      throws HistoryException {
    Series s = trace.toSeries();
    Instant earliest = from.minus(lookback);
    long minutesPerStep = Math.max(1, s.step().toMinutes());
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < s.size(); i++) {
      if (s.isGap(i)) {
        continue;
      }
      double perMinute = s.valueAt(i) * rateScale / minutesPerStep;
      for (long m = 0; m < minutesPerStep; m++) {
        Instant at = s.timeAt(i).plus(Duration.ofMinutes(m));
        if (!at.isBefore(earliest) && at.isBefore(from)) {
          samples.add(new Sample(service, Metrics.ARRIVALS, at, perMinute));
        }
      }
    }
    if (!samples.isEmpty()) {
      history.append(samples);
    }
    return samples.size();
  }
}
