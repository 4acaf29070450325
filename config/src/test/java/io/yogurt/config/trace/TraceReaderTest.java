package io.yogurt.config.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.config.InvalidInputException;
import io.yogurt.models.Series;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TraceReaderTest {

  private static Trace read(String csv, TraceFormat format) throws Exception {
    return new TraceReader(format).read("t.csv", new StringReader(csv));
  }

  @Test
  void readsNabFormatAndInfersInterval() throws Exception {
    Trace t =
        read(
            "timestamp,value\n2014-04-10 00:00:00,10\n2014-04-10 00:05:00,12\n"
                + "2014-04-10 00:10:00,7\n",
            TraceFormat.DEFAULT);
    assertEquals(Duration.ofMinutes(5), t.interval());
    assertEquals(3, t.points().size());
    assertEquals(Instant.parse("2014-04-10T00:05:00Z"), t.points().get(1).at());
    assertEquals(12.0, t.points().get(1).count());
  }

  @Test
  void missingRowsAreGapsNotZeros() throws Exception {
    Trace t =
        read(
            "t,v\n2014-04-10 00:00:00,10\n2014-04-10 00:05:00,12\n"
                + "2014-04-10 00:15:00,7\n2014-04-10 00:20:00,1\n",
            TraceFormat.DEFAULT);
    Series s = t.toSeries();
    assertEquals(5, s.size());
    assertTrue(s.isGap(2));
    assertEquals(7.0, s.valueAt(3));
  }

  @Test
  void picksColumnsByNameAndReadsEpochAndOffsets() throws Exception {
    String csv = "count,host,ts\n5,a,1400000000\n6,a,1400000060\n";
    Trace t = read(csv, new TraceFormat("ts", "count", ZoneId.of("UTC"), false));
    assertEquals(Instant.ofEpochSecond(1400000060), t.points().get(1).at());
    assertEquals(6.0, t.points().get(1).count());

    Trace millis = read("t,v\n1400000000000,1\n1400000060000,2\n", TraceFormat.DEFAULT);
    assertEquals(Duration.ofMinutes(1), millis.interval());

    Trace iso =
        read(
            "t,v\n2014-04-10T02:00:00+02:00,1\n2014-04-10T02:01:00+02:00,2\n", TraceFormat.DEFAULT);
    assertEquals(Instant.parse("2014-04-10T00:00:00Z"), iso.start());
  }

  @Test
  void localTimesUseTheGivenZone() throws Exception {
    Trace t =
        read(
            "t,v\n2014-07-01 00:00:00,1\n2014-07-01 00:30:00,2\n",
            new TraceFormat(null, null, ZoneId.of("America/New_York"), false));
    assertEquals(Instant.parse("2014-07-01T04:00:00Z"), t.start());
  }

  @Test
  void badTimestampNamesFileAndLine() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                read(
                    "t,v\n2014-04-10 00:00:00,1\n2014-04-10 00:05:00,2\nyesterday,3\n",
                    TraceFormat.DEFAULT));
    assertTrue(
        e.getMessage().startsWith("t.csv line 4: bad timestamp 'yesterday'"), e.getMessage());
  }

  @Test
  void badRowsAreSkippedAndCountedWhenAsked() throws Exception {
    Trace t =
        read(
            "t,v\n2014-04-10 00:00:00,1\noops,2\n2014-04-10 00:05:00,-1\n"
                + "2014-04-10 00:10:00,3\n",
            new TraceFormat(null, null, ZoneId.of("UTC"), true));
    assertEquals(2, t.points().size());
    assertEquals(2, t.skippedRows());
  }

  @Test
  void unknownColumnIsNamed() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                read(
                    "timestamp,value\n1,2\n",
                    new TraceFormat("time", null, ZoneId.of("UTC"), false)));
    assertTrue(
        e.getMessage().contains("--time-column 'time' is not a column (columns: timestamp, value)"),
        e.getMessage());
  }

  @Test
  void rowsOutOfOrderAreRejected() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> read("t,v\n2014-04-10 00:05:00,1\n2014-04-10 00:00:00,2\n", TraceFormat.DEFAULT));
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
  }
}
