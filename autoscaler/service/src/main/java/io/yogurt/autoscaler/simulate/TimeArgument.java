package io.yogurt.autoscaler.simulate;

import io.yogurt.config.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads {@code --from}/{@code --to}: a date, a local date-time (UTC) or ISO-8601 with an offset.
 */
public final class TimeArgument {

  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd[ ]['T']HH:mm[:ss]");

  private TimeArgument() {}

  public static Instant parse(String option, String text) throws InvalidInputException {
    String t = text.trim();
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException notOffset) {
      // try the next form
    }
    try {
      return LocalDateTime.parse(t, LOCAL).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException notLocal) {
      // try the next form
    }
    try {
      return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException notDate) {
      throw new InvalidInputException(
          option
              + ": got '"
              + text
              + "', expected a time like 2014-07-01, '2014-07-01 12:00' (UTC) or 2014-07-01T12:00:00+02:00");
    }
  }
}
