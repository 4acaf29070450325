package io.yogurt.autoscaler.simulate;

import io.yogurt.config.InvalidInputException;
import io.yogurt.config.trace.Trace;
import io.yogurt.models.History;
import io.yogurt.models.HistoryException;
import io.yogurt.models.Metrics;
import io.yogurt.models.Series;
import io.yogurt.models.SeriesQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A trace made of a service's stored arrivals, per minute, so that recorded history can be
 * replayed.
 */
public final class HistoryTrace {

  private static final Duration STEP = Duration.ofMinutes(1);

  private HistoryTrace() {}

  /** The arrivals of {@code service} in {@code [from, to)}; minutes without samples are gaps. */
  public static Trace read(History history, String where, String service, Instant from, Instant to)
      throws InvalidInputException, HistoryException {
    Series s = history.read(new SeriesQuery(service, Metrics.ARRIVALS, from, to, STEP));
    List<Trace.Point> points = new ArrayList<>();
    for (int i = 0; i < s.size(); i++) {
      if (!s.isGap(i)) {
        points.add(new Trace.Point(s.timeAt(i), s.valueAt(i)));
      }
    }
    if (points.size() < 2) {
      throw new InvalidInputException(
          "--from-history "
              + service
              + ": "
              + points.size()
              + " minutes of arrivals stored in "
              + where
              + " between "
              + from
              + " and "
              + to
              + " (expected at least 2)");
    }
    return new Trace("history:" + service, STEP, points, 0);
  }
}
