package io.yogurt.config.trace;

import io.yogurt.config.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads a trace CSV: a header row, then one row per interval. Every problem is an {@link
 * InvalidInputException} naming the file and line; with skip-bad-rows, bad rows are counted
 * instead.
 */
public final class TraceReader {

  private final TraceFormat format;

  public TraceReader(TraceFormat format) {
    this.format = format;
  }

  public Trace read(Path file) throws InvalidInputException {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(file.toString(), in);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(file + ": trace file does not exist");
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot read trace (" + e.getMessage() + ")");
    }
  }

  public Trace read(String source, Reader reader) throws InvalidInputException, IOException {
    BufferedReader in = new BufferedReader(reader);
    String header = in.readLine();
    if (header == null || header.isBlank()) {
      throw new InvalidInputException(source + ": empty trace, expected a header row");
    }
    List<String> columns = splitRow(stripBom(header));
    int timeIndex = columnIndex(source, columns, format.timeColumn(), 0, "--time-column");
    int valueIndex = columnIndex(source, columns, format.valueColumn(), 1, "--value-column");
    TimestampParser times = new TimestampParser(format.zone());

    List<Trace.Point> points = new ArrayList<>();
    int skipped = 0;
    int lineNo = 1;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      Optional<String> problem = Optional.empty();
      List<String> cells = splitRow(line);
      Trace.Point point = null;
      if (cells.size() <= Math.max(timeIndex, valueIndex)) {
        problem =
            Optional.of(
                "expected at least "
                    + (Math.max(timeIndex, valueIndex) + 1)
                    + " columns, got "
                    + cells.size());
      } else {
        Optional<Instant> at = times.parse(cells.get(timeIndex));
        Optional<Double> count = parseCount(cells.get(valueIndex));
        if (at.isEmpty()) {
          problem =
              Optional.of(
                  "bad timestamp '"
                      + cells.get(timeIndex)
                      + "' (expected YYYY-MM-DD HH:MM:SS, ISO-8601 with an offset, or epoch seconds or milliseconds)");
        } else if (count.isEmpty()) {
          problem =
              Optional.of("bad count '" + cells.get(valueIndex) + "' (expected a number >= 0)");
        } else if (!points.isEmpty() && !at.get().isAfter(points.get(points.size() - 1).at())) {
          problem =
              Optional.of(
                  "time "
                      + at.get()
                      + " is not after the previous row's "
                      + points.get(points.size() - 1).at()
                      + " (rows must be in time order)");
        } else {
          point = new Trace.Point(at.get(), count.get());
        }
      }
      if (problem.isPresent()) {
        if (!format.skipBadRows()) {
          throw new InvalidInputException(
              source + " line " + lineNo + ": " + problem.get() + " (or pass --skip-bad-rows)");
        }
        skipped++;
      } else {
        points.add(point);
      }
    }
    if (points.size() < 2) {
      throw new InvalidInputException(
          source + ": a trace needs at least 2 rows to infer its interval, got " + points.size());
    }
    return new Trace(source, medianSpacing(source, points), points, skipped);
  }

  private static Duration medianSpacing(String source, List<Trace.Point> points)
      throws InvalidInputException {
    long[] gaps = new long[points.size() - 1];
    for (int i = 1; i < points.size(); i++) {
      gaps[i - 1] = points.get(i).at().toEpochMilli() - points.get(i - 1).at().toEpochMilli();
    }
    Arrays.sort(gaps);
    long median = gaps[gaps.length / 2];
    if (median <= 0) {
      throw new InvalidInputException(source + ": cannot infer an interval from the rows' times");
    }
    return Duration.ofMillis(median);
  }

  private static Optional<Double> parseCount(String text) {
    try {
      double v = Double.parseDouble(text.trim());
      return v >= 0 && Double.isFinite(v) ? Optional.of(v) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static int columnIndex(
      String source, List<String> header, String wanted, int fallback, String option)
      throws InvalidInputException {
    if (wanted == null) {
      if (header.size() <= fallback) {
        throw new InvalidInputException(
            source + " line 1: expected a header with at least 2 columns, got " + header);
      }
      return fallback;
    }
    int i = header.indexOf(wanted);
    if (i < 0) {
      throw new InvalidInputException(
          source
              + " line 1: "
              + option
              + " '"
              + wanted
              + "' is not a column (columns: "
              + String.join(", ", header)
              + ")");
    }
    return i;
  }

  private static String stripBom(String s) {
    return s.startsWith("\uFEFF") ? s.substring(1) : s;
  }

  /** Splits a CSV row; handles double-quoted cells (traces rarely need more). */
  static List<String> splitRow(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == ',' && !quoted) {
        cells.add(cell.toString().trim());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString().trim());
    return cells;
  }
}
