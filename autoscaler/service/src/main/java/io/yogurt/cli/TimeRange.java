package io.yogurt.cli;

import io.yogurt.config.DurationText;
import io.yogurt.config.InvalidInputException;
import io.yogurt.config.TimeText;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Option;

/** {@code --since D} or {@code --from T [--to T]}: the time range a history command covers. */
final class TimeRange {

  @Option(
      names = "--since",
      paramLabel = "DURATION",
      description = "The last DURATION up to now, e.g. 1d, 6h.")
  String since;

  @Option(
      names = "--from",
      paramLabel = "TIME",
      description = "Start: 2026-03-01, '2026-03-01 12:00' (UTC) or 2026-03-01T12:00:00+02:00.")
  String from;

  @Option(
      names = "--to",
      paramLabel = "TIME",
      description = "End (exclusive), written as --from; default now.")
  String to;

  /** The range; {@code fallback} is the span used when neither --since nor --from is given. */
  Instant[] resolve(Instant now, Duration fallback, Duration align) throws InvalidInputException {
    if (since != null && from != null) {
      throw new InvalidInputException("--since and --from: give one of them, not both");
    }
    Instant end = to == null ? alignUp(now, align) : TimeText.parse("--to", to);
    Instant start;
    if (from != null) {
      start = TimeText.parse("--from", from);
    } else {
      Duration span =
          since == null
              ? fallback
              : DurationText.parse(since)
                  .orElseThrow(
                      () ->
                          new InvalidInputException(
                              "--since: got '"
                                  + since
                                  + "', expected a duration such as 30m, 6h, 1d"));
      start = end.minus(span);
    }
    if (!start.isBefore(end)) {
      throw new InvalidInputException("--from (" + start + ") must be before --to (" + end + ")");
    }
    return new Instant[] {start, end};
  }

  private static Instant alignUp(Instant t, Duration step) {
    long s = step.toMillis();
    long ms = t.toEpochMilli();
    return Instant.ofEpochMilli(((ms + s - 1) / s) * s);
  }
}
