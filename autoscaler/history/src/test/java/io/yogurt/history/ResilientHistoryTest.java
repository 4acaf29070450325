package io.yogurt.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.history.embedded.EmbeddedHistory;
import io.yogurt.models.ManualClock;
import io.yogurt.models.Metrics;
import io.yogurt.models.Sample;
import io.yogurt.models.SeriesQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResilientHistoryTest {

  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  static final Duration RETRY = Duration.ofSeconds(30);

  @TempDir Path dir;
  ManualClock clock = new ManualClock(T0);
  SwitchableHistory remote;
  ResilientHistory history;

  @BeforeEach
  void open() throws Exception {
    remote = new SwitchableHistory(dir.resolve("remote"));
    history = resilient();
  }

  ResilientHistory resilient() throws Exception {
    return new ResilientHistory(
        EmbeddedHistory.open(dir.resolve("local"), HistorySettings.DEFAULT),
        remote,
        remote::prepare,
        "remote",
        clock,
        RETRY,
        2);
  }

  @AfterEach
  void close() {
    history.close();
  }

  static Sample minute(int m, double v) {
    return new Sample("api", Metrics.ARRIVALS, T0.plus(Duration.ofMinutes(m)), v);
  }

  static final SeriesQuery FIVE_MINUTES =
      new SeriesQuery(
          "api", Metrics.ARRIVALS, T0, T0.plus(Duration.ofMinutes(5)), Duration.ofMinutes(1));

  @Test
  void whileTheRemoteIsUpEverySampleIsDeliveredOnce() throws Exception {
    history.start();
    history.append(List.of(minute(0, 1), minute(1, 2), minute(2, 3)));
    assertTrue(history.status().healthy());
    assertEquals(0, history.status().waiting());
    assertEquals(3, remote.deliveries.size());
    assertTrue(remote.deliveries.values().stream().allMatch(n -> n == 1));
  }

  @Test
  void anOutageLosesNothingAndDuplicatesNothing() throws Exception {
    history.start();
    history.append(List.of(minute(0, 1)));
    remote.up = false;
    history.append(List.of(minute(1, 2)));
    history.append(List.of(minute(2, 3), minute(3, 4)));
    ResilientHistory.Status down = history.status();
    assertFalse(down.healthy());
    assertEquals(3, down.waiting());
    assertTrue(
        down.line().contains("DOWN") && down.line().contains("connection refused"), down.line());
    // reads go on from the embedded store, with every sample
    assertArrayEquals(new double[] {1, 2, 3, 4, Double.NaN}, history.read(FIVE_MINUTES).values());

    remote.up = true;
    clock.advance(RETRY.minusSeconds(1));
    history.append(List.of(minute(4, 5)));
    assertEquals(4, history.status().waiting(), "no retry before retry-every has passed");
    clock.advance(Duration.ofSeconds(1));
    history.append(List.of());
    assertTrue(history.status().healthy());
    assertEquals(0, history.status().waiting());
    assertEquals(5, remote.deliveries.size());
    assertTrue(
        remote.deliveries.values().stream().allMatch(n -> n == 1), remote.deliveries.toString());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5}, history.read(FIVE_MINUTES).values());
  }

  @Test
  void aBacklogLeftByAnEarlierRunIsDeliveredAtStart() throws Exception {
    remote.up = false;
    history.start();
    history.append(List.of(minute(0, 1), minute(1, 2)));
    history.local().close();
    remote.up = true;
    history = resilient(); // a restart: same state directory
    history.start();
    assertEquals(0, history.status().waiting());
    assertEquals(2, remote.deliveries.size());
    assertEquals(1, remote.prepared);
  }

  @Test
  void aFailingReadFallsBackToTheEmbeddedStore() throws Exception {
    history.start();
    history.append(List.of(minute(0, 7)));
    remote.up = false;
    assertEquals(7, history.read(FIVE_MINUTES).valueAt(0));
    assertFalse(history.status().healthy());
  }
}
