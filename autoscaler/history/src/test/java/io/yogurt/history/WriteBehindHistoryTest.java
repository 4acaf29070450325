package io.yogurt.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.models.History;
import io.yogurt.models.Sample;
import io.yogurt.models.Series;
import io.yogurt.models.SeriesQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * History writes behind the tick: an append returns at once however slow the store is, and a writer
 * that fell behind catches up in fewer, larger writes, in order, losing nothing.
 */
class WriteBehindHistoryTest {

  /** A store whose first write blocks until released, recording every write it gets. */
  private static final class StuckStore implements History {
    final CountDownLatch firstWriteStarted = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<List<Sample>> writes = new ArrayList<>();

    @Override
    public void append(List<Sample> samples) {
      firstWriteStarted.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (writes) {
        writes.add(List.copyOf(samples));
      }
    }

    @Override
    public Series read(SeriesQuery query) {
      throw new UnsupportedOperationException();
    }
  }

  private static List<Sample> tick(int i) {
    Instant at = Instant.parse("2026-12-01T00:00:00Z").plusSeconds(i);
    return List.of(new Sample("svc", "arrivals", at, i), new Sample("svc", "queued", at, 0));
  }

  @Test
  void aWriterThatFellBehindCatchesUpInFewerWritesInOrderLosingNothing() throws Exception {
    StuckStore store = new StuckStore();
    WriteBehindHistory history = new WriteBehindHistory(store, 1000);
    history.append(tick(0));
    assertTrue(store.firstWriteStarted.await(30, TimeUnit.SECONDS), "the writer took tick 0");
    for (int i = 1; i <= 25; i++) {
      history.append(tick(i)); // returns at once: the store is stuck
    }
    assertEquals(25, history.waiting());
    store.release.countDown();
    history.close();

    List<Sample> written = store.writes.stream().flatMap(List::stream).toList();
    List<Sample> expected = new ArrayList<>();
    for (int i = 0; i <= 25; i++) {
      expected.addAll(tick(i));
    }
    assertEquals(expected, written, "every sample, in order");
    // Tick 0 alone, then the 25 queued behind it in writes of at most 10 ticks: 1 + 3.
    assertEquals(4, store.writes.size(), "writes: " + store.writes.size());
  }
}
