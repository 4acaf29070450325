package io.yogurt.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them: {@code 250ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 7d},
 * or ISO {@code PT10S}.
 */
public final class DurationText {

  private static final Pattern SIMPLE = Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d|w)");

  private DurationText() {}

  public static Optional<Duration> parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SIMPLE.matcher(t);
    if (m.matches()) {
      double v = Double.parseDouble(m.group(1));
      long millis =
          Math.round(
              v
                  * switch (m.group(2)) {
                    case "ms" -> 1;
                    case "s" -> 1_000;
                    case "m" -> 60_000;
                    case "h" -> 3_600_000;
                    case "d" -> 86_400_000;
                    default -> 604_800_000;
                  });
      return Optional.of(Duration.ofMillis(millis));
    }
    try {
      return Optional.of(Duration.parse(text.trim().toUpperCase(Locale.ROOT)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The shortest exact form: 90s -> "90s", 3600s -> "1h", 250ms -> "250ms". */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    long[] units = {604_800_000, 86_400_000, 3_600_000, 60_000, 1_000, 1};
    String[] names = {"w", "d", "h", "m", "s", "ms"};
    for (int i = 0; i < units.length; i++) {
      if (ms % units[i] == 0) {
        return (ms / units[i]) + names[i];
      }
    }
    return ms + "ms";
  }
}
