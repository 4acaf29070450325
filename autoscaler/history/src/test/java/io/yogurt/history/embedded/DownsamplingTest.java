package io.yogurt.history.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.history.HistorySettings;
import io.yogurt.models.Metrics;
import io.yogurt.models.Sample;
import io.yogurt.models.Series;
import io.yogurt.models.SeriesQuery;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 30 hours of 10-second samples; raw kept 1h, minutes until 3h, hours until 1d: the store must
 * shrink and still read the same sums and means.
 */
class DownsamplingTest {

  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  static final Instant NOW = T0.plus(Duration.ofHours(30));
  static final HistorySettings SETTINGS =
      new HistorySettings(
          HistorySettings.Backend.EMBEDDED,
          new EmbeddedSettings(
              Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(1), Duration.ofDays(1)));

  @TempDir Path stateDir;
  EmbeddedHistory history;

  @BeforeEach
  void fill() throws Exception {
    history = EmbeddedHistory.open(stateDir, SETTINGS);
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < 30 * 360; i++) {
      Instant at = T0.plusSeconds(10L * i);
      samples.add(new Sample("api", Metrics.ARRIVALS, at, 1));
      samples.add(new Sample("api", Metrics.QUEUED, at, i % 6)); // mean 2.5 in every minute
    }
    history.append(samples);
  }

  @Test
  void mergesOldSamplesIntoMinutesThenHoursAndExpiresTheOldest() throws Exception {
    assertEquals(2 * 30 * 360, rows());
    history.compact(NOW);
    // arrivals and queued each: 21 hour buckets (6h..27h), 120 minutes (27h..29h), 360 raw
    // (29h..30h)
    assertEquals(2 * (21 + 120 + 360), rows());

    Series hourly = read(Metrics.ARRIVALS, Duration.ofHours(1));
    for (int h = 0; h < 30; h++) {
      if (h < 6) {
        assertTrue(hourly.isGap(h), "hour " + h + " expired");
      } else {
        assertEquals(360, hourly.valueAt(h), 1e-9, "hour " + h);
      }
    }
    Series perMinute = read(Metrics.ARRIVALS, Duration.ofMinutes(1));
    Series queued = read(Metrics.QUEUED, Duration.ofMinutes(1));
    for (int m = 6 * 60; m < 30 * 60; m++) {
      assertEquals(
          6, perMinute.valueAt(m), 1e-9, "an hour bucket spreads over its minutes: minute " + m);
      assertEquals(2.5, queued.valueAt(m), 1e-9, "means survive merging: minute " + m);
    }
  }

  @Test
  void compactingAgainChangesNothing() throws Exception {
    history.compact(NOW);
    Series before = read(Metrics.ARRIVALS, Duration.ofMinutes(1));
    long rowsBefore = rows();
    assertEquals(0, history.compact(NOW));
    assertEquals(rowsBefore, rows());
    assertEquals(before, read(Metrics.ARRIVALS, Duration.ofMinutes(1)));
  }

  @Test
  void aLateSampleInAnAlreadyMergedBucketIsAddedToItNotLost() throws Exception {
    history.compact(NOW);
    history.append(
        List.of(
            new Sample("api", Metrics.ARRIVALS, T0.plus(Duration.ofHours(10)).plusSeconds(5), 1)));
    history.compact(NOW);
    assertEquals(361, read(Metrics.ARRIVALS, Duration.ofHours(1)).valueAt(10), 1e-9);
    assertEquals(2 * (21 + 120 + 360), rows());
  }

  @Test
  void timePassingMovesMinutesIntoHours() throws Exception {
    history.compact(NOW);
    history.compact(NOW.plus(Duration.ofHours(2)));
    Series hourly = read(Metrics.ARRIVALS, Duration.ofHours(1));
    for (int h = 8; h < 30; h++) {
      assertEquals(360, hourly.valueAt(h), 1e-9, "hour " + h);
    }
    assertTrue(hourly.isGap(7));
  }

  private Series read(String metric, Duration step) throws Exception {
    return history.read(new SeriesQuery("api", metric, T0, NOW, step));
  }

  private long rows() throws Exception {
    try (var db = DriverManager.getConnection("jdbc:sqlite:" + stateDir.resolve("history.db"));
        var r = db.createStatement().executeQuery("SELECT COUNT(*) FROM points")) {
      r.next();
      return r.getLong(1);
    }
  }

  @AfterEach
  void close() {
    history.close();
  }
}
