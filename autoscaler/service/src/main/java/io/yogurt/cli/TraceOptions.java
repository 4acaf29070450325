package io.yogurt.cli;

import io.yogurt.config.InvalidInputException;
import io.yogurt.config.trace.Trace;
import io.yogurt.config.trace.TraceFormat;
import io.yogurt.config.trace.TraceReader;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import picocli.CommandLine.Option;

/** The options of every command that reads a trace CSV. */
public final class TraceOptions {

  @Option(
      names = "--trace",
      required = true,
      paramLabel = "FILE",
      description = "Trace CSV: a header, then time and request count per interval.")
  Path trace;

  @Option(
      names = "--time-column",
      paramLabel = "NAME",
      description = "Column with the time (default: the first).")
  String timeColumn;

  @Option(
      names = "--value-column",
      paramLabel = "NAME",
      description = "Column with the count (default: the second).")
  String valueColumn;

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      defaultValue = "UTC",
      description = "Zone of times written without one (default: ${DEFAULT-VALUE}).")
  String zone;

  @Option(
      names = "--skip-bad-rows",
      description = "Skip and count bad rows instead of stopping at the first.")
  boolean skipBadRows;

  public Trace read() throws InvalidInputException {
    ZoneId zoneId;
    try {
      zoneId = ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new InvalidInputException(
          "--zone: unknown zone '" + zone + "' (expected e.g. UTC, Europe/Paris, +02:00)");
    }
    Trace t =
        new TraceReader(new TraceFormat(timeColumn, valueColumn, zoneId, skipBadRows)).read(trace);
    if (t.skippedRows() > 0) {
      System.err.println("yogurt: " + trace + ": skipped " + t.skippedRows() + " bad rows");
    }
    return t;
  }
}
