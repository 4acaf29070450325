package io.yogurt.history.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.history.HistorySettings;
import io.yogurt.models.HistoryException;
import io.yogurt.models.Metrics;
import io.yogurt.models.Sample;
import io.yogurt.models.Series;
import io.yogurt.models.SeriesQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedHistoryTest {

  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  static final Duration MINUTE = Duration.ofMinutes(1);

  @TempDir Path stateDir;

  EmbeddedHistory open() throws HistoryException {
    return EmbeddedHistory.open(stateDir, HistorySettings.DEFAULT);
  }

  static Sample at(String metric, Duration offset, double value) {
    return new Sample("api", metric, T0.plus(offset), value);
  }

  static SeriesQuery query(String metric, Duration span, Duration step) {
    return new SeriesQuery("api", metric, T0, T0.plus(span), step);
  }

  @Test
  void readsARegularSeriesWithGapsAsNaN() throws Exception {
    try (EmbeddedHistory h = open()) {
      h.append(
          List.of(
              at(Metrics.ARRIVALS, Duration.ofSeconds(0), 5),
              at(Metrics.ARRIVALS, Duration.ofSeconds(30), 7),
              at(Metrics.ARRIVALS, Duration.ofMinutes(2), 4),
              at(Metrics.QUEUED, Duration.ofSeconds(0), 2),
              at(Metrics.QUEUED, Duration.ofSeconds(30), 6)));

      Series arrivals = h.read(query(Metrics.ARRIVALS, Duration.ofMinutes(4), MINUTE));
      assertEquals(T0, arrivals.start());
      assertArrayEquals(new double[] {12, Double.NaN, 4, Double.NaN}, arrivals.values());

      Series queued = h.read(query(Metrics.QUEUED, Duration.ofMinutes(2), MINUTE));
      assertArrayEquals(new double[] {4, Double.NaN}, queued.values(), "gauges are averaged");
    }
  }

  @Test
  void samplesOutsideTheRangeAreIgnoredAndUnknownSeriesReadAsAllGaps() throws Exception {
    try (EmbeddedHistory h = open()) {
      h.append(
          List.of(
              at(Metrics.ARRIVALS, Duration.ofMinutes(-1), 9),
              at(Metrics.ARRIVALS, MINUTE, 3),
              at(Metrics.ARRIVALS, Duration.ofMinutes(3), 9)));
      assertArrayEquals(
          new double[] {Double.NaN, 3, Double.NaN},
          h.read(query(Metrics.ARRIVALS, Duration.ofMinutes(3), MINUTE)).values());
      assertArrayEquals(
          new double[] {Double.NaN, Double.NaN},
          h.read(
                  new SeriesQuery(
                      "nobody", Metrics.ARRIVALS, T0, T0.plus(Duration.ofMinutes(2)), MINUTE))
              .values());
    }
  }

  @Test
  void appendingTheSameInstantAgainReplacesIt() throws Exception {
    try (EmbeddedHistory h = open()) {
      h.append(List.of(at(Metrics.ARRIVALS, Duration.ZERO, 5)));
      h.append(List.of(at(Metrics.ARRIVALS, Duration.ZERO, 8)));
      h.append(List.of(at(Metrics.ARRIVALS, Duration.ZERO, 8)));
      assertArrayEquals(new double[] {8}, h.read(query(Metrics.ARRIVALS, MINUTE, MINUTE)).values());
    }
  }

  @Test
  void keepsDataAcrossReopenInWalMode() throws Exception {
    try (EmbeddedHistory h = open()) {
      h.append(List.of(at(Metrics.ARRIVALS, Duration.ZERO, 5)));
    }
    try (EmbeddedHistory h = open()) {
      assertArrayEquals(new double[] {5}, h.read(query(Metrics.ARRIVALS, MINUTE, MINUTE)).values());
    }
    try (var db = DriverManager.getConnection("jdbc:sqlite:" + stateDir.resolve("history.db"));
        var r = db.createStatement().executeQuery("PRAGMA journal_mode")) {
      r.next();
      assertEquals("wal", r.getString(1));
    }
  }

  @Test
  void nonFiniteValuesAreNotStored() throws Exception {
    try (EmbeddedHistory h = open()) {
      h.append(List.of(at(Metrics.ARRIVALS, Duration.ZERO, Double.NaN)));
      assertTrue(h.read(query(Metrics.ARRIVALS, MINUTE, MINUTE)).isGap(0));
    }
  }

  @Test
  void aFileThatIsNotADatabaseIsOneClearError() throws Exception {
    Files.writeString(
        stateDir.resolve("history.db"),
        "this is not sqlite, it is a text file of some length.".repeat(40));
    HistoryException e = assertThrows(HistoryException.class, this::open);
    assertTrue(e.getMessage().contains("history.db"), e.getMessage());
  }

  @Test
  void theOutboxIsWrittenWithTheSamplesAndClearedOnlyThroughTheAcknowledgedSequence()
      throws Exception {
    try (EmbeddedHistory h = open()) {
      h.appendAndQueue(
          List.of(at(Metrics.ARRIVALS, Duration.ZERO, 1), at(Metrics.QUEUED, Duration.ZERO, 2)));
      h.appendAndQueue(List.of(at(Metrics.ARRIVALS, MINUTE, 3)));
      assertEquals(3, h.outboxSize());
      Outbox.Batch first = h.outboxPeek(2);
      assertEquals(
          List.of(at(Metrics.ARRIVALS, Duration.ZERO, 1), at(Metrics.QUEUED, Duration.ZERO, 2)),
          first.samples());
      h.outboxRemove(first.lastSeq());
      assertEquals(List.of(at(Metrics.ARRIVALS, MINUTE, 3)), h.outboxPeek(10).samples());
      assertArrayEquals(
          new double[] {1, 3},
          h.read(query(Metrics.ARRIVALS, Duration.ofMinutes(2), MINUTE)).values());
    }
  }

  @Test
  void manyAppendsReadBackExactly() throws Exception {
    try (EmbeddedHistory h = open()) {
      List<Sample> batch = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        batch.add(at(Metrics.ARRIVALS, MINUTE.multipliedBy(i), i % 17));
      }
      h.append(batch);
      Series s =
          h.read(query(Metrics.ARRIVALS, MINUTE.multipliedBy(10_000), Duration.ofMinutes(10)));
      assertEquals(1000, s.size());
      for (int j = 0; j < 1000; j++) {
        double expected = 0;
        for (int i = j * 10; i < j * 10 + 10; i++) {
          expected += i % 17;
        }
        assertEquals(expected, s.valueAt(j), "step " + j);
      }
    }
  }

  @Test
  void listsTheServicesWithSamplesOfAMetricInARange() throws Exception {
    try (EmbeddedHistory h = open()) {
      h.append(
          List.of(
              new Sample("web", Metrics.ARRIVALS, T0, 1),
              new Sample("api", Metrics.ARRIVALS, T0.plus(MINUTE), 2),
              new Sample("batch", Metrics.QUEUED, T0, 3),
              new Sample("old", Metrics.ARRIVALS, T0.minus(MINUTE), 4)));
      assertEquals(
          List.of("api", "web"), h.services(Metrics.ARRIVALS, T0, T0.plus(Duration.ofHours(1))));
      assertEquals(List.of("batch"), h.services(Metrics.QUEUED, T0, T0.plus(MINUTE)));
      assertEquals(
          List.of(),
          h.services(Metrics.ARRIVALS, T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2))));
    }
  }
}
