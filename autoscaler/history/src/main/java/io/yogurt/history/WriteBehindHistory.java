package io.yogurt.history;

import io.yogurt.models.History;
import io.yogurt.models.HistoryException;
import io.yogurt.models.ReasonCode;
import io.yogurt.models.ReportsHealth;
import io.yogurt.models.Sample;
import io.yogurt.models.Series;
import io.yogurt.models.SeriesQuery;
import io.yogurt.models.TickReport.SourceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes history writes off the tick's path: an append is queued (bounded) and written by a thread
 * of its own, so a slow or full disk never makes a tick late. The writer keeps up within
 * milliseconds, so a crash loses at most the last moment's samples; a clean {@link #close()} writes
 * everything queued first. A write that fails (a full disk) is retried every second, keeping the
 * batch; while it fails, {@link #health()} says so, and when the queue is full the oldest batch is
 * dropped and counted. Reads go straight to the store.
 */
public final class WriteBehindHistory implements History, ReportsHealth, KnownServices {

  private static final Logger log = LoggerFactory.getLogger(WriteBehindHistory.class);

  /** How often {@link #close()} retries a failing store, a second apart, before giving up. */
  private static final int CLOSE_RETRIES = 10;

  /** At most this many queued batches go into one write (bounds one transaction). */
  private static final int MAX_BATCHES_PER_WRITE = 10;

  private final History target;
  private final BlockingQueue<List<Sample>> queue;
  private final Thread writer;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean closed;
  private volatile String failure = "";

  /**
   * @param capacity batches (one per tick) kept while the store does not take them
   */
  public WriteBehindHistory(History target, int capacity) {
    this.target = target;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.writer = new Thread(this::run, "yogurt-history-writer");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  @Override
  public void append(List<Sample> samples) throws HistoryException {
    if (closed) {
      target.append(samples);
      return;
    }
    while (!queue.offer(samples)) {
      if (queue.poll() != null && dropped.incrementAndGet() == 1) {
        log.warn(
            "{}: the history writer is {} batches behind; dropping the oldest",
            ReasonCode.STORAGE_FAILING,
            queue.size());
      }
    }
  }

  private void run() {
    try {
      while (!(closed && queue.isEmpty())) {
        List<Sample> batch = queue.poll(100, TimeUnit.MILLISECONDS);
        if (batch != null) {
          write(withTheRestQueued(batch));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopped.countDown();
    }
  }

  /**
   * The batch and every batch queued behind it, as one write: a writer that fell behind catches up
   * in one transaction instead of one per tick, and spends less of the CPU the tick needs.
   */
  private List<Sample> withTheRestQueued(List<Sample> first) {
    List<List<Sample>> behind = new ArrayList<>();
    queue.drainTo(behind, MAX_BATCHES_PER_WRITE);
    if (behind.isEmpty()) {
      return first;
    }
    List<Sample> all = new ArrayList<>(first);
    behind.forEach(all::addAll);
    return all;
  }

  /** Writes one batch, retrying every second while the store fails; gives up only on close. */
  private void write(List<Sample> batch) throws InterruptedException {
    int retriesAfterClose = 0;
    while (true) {
      try {
        target.append(batch);
        if (!failure.isEmpty()) {
          log.info("history writes work again; {} batches waiting", queue.size());
          failure = "";
        }
        return;
      } catch (HistoryException | RuntimeException e) {
        if (failure.isEmpty()) {
          log.warn(
              "{}: cannot write the history: {}; keeping samples in memory and retrying every"
                  + " second",
              ReasonCode.STORAGE_FAILING,
              e.getMessage());
        }
        failure = e.getMessage() == null ? e.toString() : e.getMessage();
      }
      if (closing.await(1, TimeUnit.SECONDS)) {
        if (++retriesAfterClose > CLOSE_RETRIES) {
          log.error(
              "{}: stopping with {} batches of samples unwritten: {}",
              ReasonCode.STORAGE_FAILING,
              queue.size() + 1,
              failure);
          queue.clear();
          return;
        }
      }
    }
  }

  /** Batches waiting to be written. */
  public int waiting() {
    return queue.size();
  }

  @Override
  public SourceStatus health() {
    if (!failure.isEmpty()) {
      return new SourceStatus(
          "history",
          false,
          ReasonCode.STORAGE_FAILING
              + ": "
              + failure
              + "; "
              + queue.size()
              + " batches kept in memory, retried every second"
              + (dropped.get() > 0 ? ", " + dropped.get() + " oldest dropped" : ""));
    }
    SourceStatus inner =
        target instanceof ReportsHealth h ? h.health() : new SourceStatus("history", true, "ok");
    return dropped.get() == 0
        ? inner
        : new SourceStatus(
            inner.name(), false, inner.detail() + "; " + dropped.get() + " batches dropped");
  }

  @Override
  public Series read(SeriesQuery query) throws HistoryException {
    return target.read(query);
  }

  @Override
  public List<String> services(String metric, Instant from, Instant to) throws HistoryException {
    if (target instanceof KnownServices k) {
      return k.services(metric, from, to);
    }
    throw new HistoryException("this history cannot list its services");
  }

  /** The store written to. */
  public History target() {
    return target;
  }

  /** Writes everything queued, then closes the store. */
  @Override
  public void close() {
    closed = true;
    closing.countDown();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    target.close();
  }
}
