package io.yogurt.cli;

import io.yogurt.config.DurationText;
import io.yogurt.config.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
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
      description = "Start, ISO-8601 (2026-03-01T00:00:00Z or 2026-03-01).")
  String from;

  @Option(
      names = "--to",
      paramLabel = "TIME",
      description = "End (exclusive), ISO-8601; default now.")
  String to;

  /** The range; {@code fallback} is the span used when neither --since nor --from is given. */
  Instant[] resolve(Instant now, Duration fallback, Duration align) throws InvalidInputException {
    if (since != null && from != null) {
      throw new InvalidInputException("--since and --from: give one of them, not both");
    }
    Instant end = to == null ? alignUp(now, align) : instant("--to", to);
    Instant start;
    if (from != null) {
      start = instant("--from", from);
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

  static Instant instant(String option, String text) throws InvalidInputException {
    try {
      return text.length() == 10
          ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          option
              + ": got '"
              + text
              + "', expected an ISO-8601 instant such as 2026-03-01T00:00:00Z or a date such as 2026-03-01");
    }
  }

  private static Instant alignUp(Instant t, Duration step) {
    long s = step.toMillis();
    long ms = t.toEpochMilli();
    return Instant.ofEpochMilli(((ms + s - 1) / s) * s);
  }
}
