package io.yogurt.config.trace;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the time formats traces come in: {@code YYYY-MM-DD HH:MM:SS} (in the given zone), ISO-8601
 * with an offset or zone, and epoch seconds or milliseconds (told apart by size).
 */
final class TimestampParser {

  /** Epoch values above this are milliseconds: 1e11 seconds is the year 5138. */
  private static final double MILLIS_THRESHOLD = 1e11;

  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd[ ]['T']HH:mm[:ss][.SSSSSSSSS][.SSSSSS][.SSS]");

  private final ZoneId zone;

  TimestampParser(ZoneId zone) {
    this.zone = zone;
  }

  Optional<Instant> parse(String text) {
    String t = text.trim();
    if (t.isEmpty()) {
      return Optional.empty();
    }
    if (t.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
      return epoch(t);
    }
    try {
      return Optional.of(OffsetDateTime.parse(t).toInstant());
    } catch (DateTimeParseException notOffset) {
      // fall through: perhaps a zone id or a local time
    }
    try {
      return Optional.of(ZonedDateTime.parse(t).toInstant());
    } catch (DateTimeParseException notZoned) {
      // fall through
    }
    try {
      return Optional.of(LocalDateTime.parse(t, LOCAL).atZone(zone).toInstant());
    } catch (DateTimeParseException notLocal) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> epoch(String t) {
    try {
      double v = Double.parseDouble(t);
      long millis = v > MILLIS_THRESHOLD ? (long) v : Math.round(v * 1000);
      return Optional.of(Instant.ofEpochMilli(millis));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
