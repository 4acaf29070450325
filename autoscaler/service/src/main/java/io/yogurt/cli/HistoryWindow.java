package io.yogurt.cli;

import io.yogurt.config.DurationText;
import io.yogurt.config.InvalidInputException;
import io.yogurt.history.KnownServices;
import io.yogurt.models.History;
import io.yogurt.models.HistoryException;
import io.yogurt.models.Metrics;
import io.yogurt.models.Series;
import io.yogurt.models.SeriesQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A service's arrivals over the last {@code --since}, read from the history for the forecast
 * commands: the service picked (or the only one there), the range aligned to whole steps, and the
 * gaps before the first and after the last sample cut off, so the series is the history there is.
 */
final class HistoryWindow {

  /** The series read, the service it belongs to, and a label naming both. */
  record Read(String service, Series series, String label) {}

  private HistoryWindow() {}

  /**
   * @param where how messages name the store ("the embedded history in .yogurt")
   * @param service the service to read; null for the only one in the history
   */
  static Read read(
      History history, String where, String service, Duration since, Duration step, Instant now)
      throws InvalidInputException, HistoryException {
    if (since.compareTo(step) < 0) {
      throw new InvalidInputException(
          "--since "
              + DurationText.format(since)
              + ": expected at least one step (--step "
              + DurationText.format(step)
              + ")");
    }
    // The step still running at `now` would read low: end at the last complete one.
    long stepMillis = step.toMillis();
    Instant to = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), stepMillis) * stepMillis);
    Instant from = to.minus(step.multipliedBy((since.toMillis() + stepMillis - 1) / stepMillis));
    String range = "the last " + DurationText.format(since) + " (" + from + " .. " + to + ")";
    if (!(history instanceof KnownServices known)) {
      throw new IllegalStateException(
          history.getClass().getSimpleName() + " cannot list its services");
    }
    String chosen = choose(service, known.services(Metrics.ARRIVALS, from, to), where, range);
    Series s = trimGaps(history.read(new SeriesQuery(chosen, Metrics.ARRIVALS, from, to, step)));
    if (s.size() == 0) {
      throw new InvalidInputException(
          "--service " + chosen + ": " + where + " holds no arrivals of it in " + range);
    }
    return new Read(
        chosen,
        s,
        "history of " + chosen + " (" + where + ", " + s.start() + " .. " + s.end() + ")");
  }

  private static String choose(String service, List<String> services, String where, String range)
      throws InvalidInputException {
    String known = services.isEmpty() ? "none" : String.join(", ", services);
    if (service != null) {
      if (!services.contains(service)) {
        throw new InvalidInputException(
            "--service "
                + service
                + ": "
                + where
                + " holds no arrivals of it in "
                + range
                + "; services with arrivals: "
                + known);
      }
      return service;
    }
    if (services.size() == 1) {
      return services.get(0);
    }
    if (services.isEmpty()) {
      throw new InvalidInputException(
          "--since: "
              + where
              + " holds no arrivals in "
              + range
              + " (import a trace with 'yogurt history import', or let 'yogurt run' record some)");
    }
    throw new InvalidInputException(
        "--service: "
            + where
            + " holds several services in "
            + range
            + ", name one with --service: "
            + known);
  }

  /** The series from its first sample to its last; gaps in between stay gaps. */
  static Series trimGaps(Series s) {
    int first = 0;
    while (first < s.size() && s.isGap(first)) {
      first++;
    }
    int last = s.size();
    while (last > first && s.isGap(last - 1)) {
      last--;
    }
    return s.slice(first, last);
  }
}
