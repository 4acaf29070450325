package io.yogurt.config;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Instants as people write them on a command line ({@code --from}, {@code --to}): a date ({@code
 * 2026-03-01}, midnight UTC), a date and time in UTC ({@code 2026-03-01 12:00}, {@code
 * 2026-03-01T12:00:30}), or ISO-8601 with an offset ({@code 2026-03-01T12:00:00Z}, {@code
 * 2026-03-01T12:00:00+02:00}).
 */
public final class TimeText {

  /** What the error messages say is expected. */
  public static final String EXPECTED =
      "a time like 2026-03-01, '2026-03-01 12:00' (UTC) or 2026-03-01T12:00:00+02:00";

  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd[ ]['T']HH:mm[:ss]");

  private TimeText() {}

  public static Optional<Instant> parse(String text) {
    String t = text.trim();
    try {
      return Optional.of(OffsetDateTime.parse(t).toInstant());
    } catch (DateTimeParseException notOffset) {
      // try the next form
    }
    try {
      return Optional.of(LocalDateTime.parse(t, LOCAL).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException notLocal) {
      // try the next form
    }
    try {
      return Optional.of(LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant());
    } catch (DateTimeParseException notDate) {
      return Optional.empty();
    }
  }

  /** The instant an option's value names, or an error naming the option and what is expected. */
  public static Instant parse(String option, String text) throws InvalidInputException {
    return parse(text)
        .orElseThrow(
            () -> new InvalidInputException(option + ": got '" + text + "', expected " + EXPECTED));
  }
}
