package io.yogurt.cli;

import io.yogurt.config.DurationText;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code 30s}, {@code 5m}, {@code 2h}, {@code 14d} (or ISO {@code PT5M}) options. */
final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    Duration d =
        DurationText.parse(value)
            .orElseThrow(
                () ->
                    new TypeConversionException(
                        "'" + value + "' is not a duration (expected e.g. 30s, 5m, 2h, 14d)"));
    if (d.isNegative() || d.isZero()) {
      throw new TypeConversionException("'" + value + "' must be a positive duration");
    }
    return d;
  }
}
