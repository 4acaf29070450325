package io.yogurt.config.trace;

import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * How to read a trace CSV: which columns hold the time and the count (null: the first and the
 * second), the zone of times written without one, and whether bad rows are skipped.
 */
public record TraceFormat(String timeColumn, String valueColumn, ZoneId zone, boolean skipBadRows) {

  public static final TraceFormat DEFAULT = new TraceFormat(null, null, ZoneOffset.UTC, false);
}
