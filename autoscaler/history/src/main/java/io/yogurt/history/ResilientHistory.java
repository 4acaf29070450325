package io.yogurt.history;

import io.yogurt.config.InvalidInputException;
import io.yogurt.history.embedded.EmbeddedHistory;
import io.yogurt.history.embedded.Outbox;
import io.yogurt.models.History;
import io.yogurt.models.HistoryException;
import io.yogurt.models.ReportsHealth;
import io.yogurt.models.Sample;
import io.yogurt.models.Series;
import io.yogurt.models.SeriesQuery;
import io.yogurt.models.TickReport.SourceStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A remote history (Elasticsearch) that an outage cannot stop or lose data from. Every sample is
 * first written to the embedded store together with an outbox entry (one transaction), then the
 * outbox is delivered to the remote side and cleared only once acknowledged. While the remote is
 * down, appends still succeed, reads come from the embedded store, {@link #status()} says so, and
 * delivery is retried every {@code retryEvery}; when it answers again the backlog goes out in
 * order. Remote writes are idempotent, so a delivery repeated after a crash stores nothing twice.
 *
 * <p>No remote call holds the lock that appends take: an append waits for the embedded store only,
 * never for the remote side's timeouts. With {@link #deliverInBackground()} appends do not deliver
 * at all, and {@link #deliverIfDue()} (a job of its own) does.
 */
public final class ResilientHistory implements History, ReportsHealth, KnownServices {

  private static final Logger LOG = LoggerFactory.getLogger(ResilientHistory.class);

  private final EmbeddedHistory local;
  private final History remote;
  private final Preparation preparation;
  private final InstantSource clock;
  private final Duration retryEvery;
  private final int batchSize;
  private final String remoteName;

  /** Held by whoever delivers: one delivery at a time, in order. */
  private final Object delivering = new Object();

  private volatile boolean background;
  private boolean prepared;
  private boolean healthy = true;
  private Instant downSince;
  private String lastError = "";
  private Instant nextTry = Instant.MIN;

  /**
   * @param preparation run once before the first delivery (installs templates, checks sources)
   * @param remoteName how status lines name the remote side, e.g. its URL
   */
  public ResilientHistory(
      EmbeddedHistory local,
      History remote,
      Preparation preparation,
      String remoteName,
      InstantSource clock,
      Duration retryEvery,
      int batchSize) {
    this.local = local;
    this.remote = remote;
    this.preparation = preparation;
    this.remoteName = remoteName;
    this.clock = clock;
    this.retryEvery = retryEvery;
    this.batchSize = batchSize;
  }

  /** Health of the remote side, for the tick report and {@code yogurt history show}. */
  public record Status(boolean healthy, long waiting, String line) {}

  /**
   * Prepares the remote side and delivers any backlog left by a previous run. An unreachable remote
   * is not an error here (status says so); a wrong configuration is.
   *
   * @throws InvalidInputException the remote side's configuration is wrong (an index, a field)
   */
  public void start() throws InvalidInputException {
    synchronized (delivering) {
      try {
        preparation.prepare();
        synchronized (this) {
          prepared = true;
        }
      } catch (HistoryException e) {
        markDown(e.getMessage());
        return;
      }
      deliver();
    }
  }

  /**
   * From now on appends only write locally; {@link #deliverIfDue()}, called by a job of its own,
   * delivers.
   */
  public void deliverInBackground() {
    background = true;
  }

  @Override
  public void append(List<Sample> samples) throws HistoryException {
    local.appendAndQueue(samples);
    if (!background) {
      deliverIfDue();
    }
  }

  /** Delivers the outbox when the retry schedule allows. */
  public void deliverIfDue() {
    if (due()) {
      deliver();
    }
  }

  private synchronized boolean due() {
    return !clock.instant().isBefore(nextTry);
  }

  /**
   * Delivers the outbox now, whatever the retry schedule says.
   *
   * @return true when the outbox is empty afterwards
   */
  public boolean flush() {
    return deliver();
  }

  private boolean deliver() {
    synchronized (delivering) {
      try {
        if (!isPrepared()) {
          preparation.prepare();
          synchronized (this) {
            prepared = true;
          }
        }
        for (Outbox.Batch batch = local.outboxPeek(batchSize);
            !batch.isEmpty();
            batch = local.outboxPeek(batchSize)) {
          remote.append(batch.samples());
          local.outboxRemove(batch.lastSeq());
        }
        markUp();
        return true;
      } catch (HistoryException | InvalidInputException e) {
        markDown(e.getMessage());
        return false;
      }
    }
  }

  private synchronized boolean isPrepared() {
    return prepared;
  }

  private synchronized boolean remoteReadable() {
    return healthy && prepared;
  }

  @Override
  public Series read(SeriesQuery query) throws HistoryException {
    if (remoteReadable() && local.outboxSize() == 0) {
      try {
        return remote.read(query);
      } catch (HistoryException e) {
        markDown(e.getMessage());
      }
    }
    return local.read(query); // holds every sample Yogurt wrote, delivered or not
  }

  @Override
  public List<String> services(String metric, Instant from, Instant to) throws HistoryException {
    if (remoteReadable() && local.outboxSize() == 0 && remote instanceof KnownServices r) {
      try {
        return r.services(metric, from, to);
      } catch (HistoryException e) {
        markDown(e.getMessage()); // as read(): the embedded store holds every sample Yogurt wrote
      }
    }
    return local.services(metric, from, to);
  }

  /** Whether the remote side takes writes, how many samples wait for it, and a line saying so. */
  public synchronized Status status() throws HistoryException {
    long waiting = local.outboxSize();
    if (healthy) {
      return new Status(
          true,
          waiting,
          remoteName + ": up" + (waiting > 0 ? ", " + waiting + " samples to deliver" : ""));
    }
    return new Status(
        false,
        waiting,
        "DOWN since "
            + downSince
            + ": "
            + lastError
            + "; "
            + waiting
            + " samples kept locally for delivery, reads use the embedded store; next try at "
            + nextTry);
  }

  @Override
  public SourceStatus health() {
    try {
      Status s = status();
      return new SourceStatus("history", s.healthy(), s.line());
    } catch (HistoryException e) {
      return new SourceStatus("history", false, "embedded store failing: " + e.getMessage());
    }
  }

  /** The remote store (for listeners that write beside the history, such as tick events). */
  public History remote() {
    return remote;
  }

  /** The embedded store underneath (export, compaction). */
  public EmbeddedHistory local() {
    return local;
  }

  private synchronized void markUp() {
    if (!healthy) {
      LOG.info(
          "history: {} is back after being down since {}; backlog delivered",
          remoteName,
          downSince);
    }
    healthy = true;
    downSince = null;
    lastError = "";
    nextTry = Instant.MIN;
  }

  private synchronized void markDown(String error) {
    Instant now = clock.instant();
    if (healthy) {
      LOG.warn("history: {}; keeping samples locally and retrying every {}", error, retryEvery);
      downSince = now;
    }
    healthy = false;
    lastError = error;
    nextTry = now.plus(retryEvery);
  }

  @Override
  public void close() {
    synchronized (delivering) {
      remote.close();
      local.close();
    }
  }

  /** One-time set-up of the remote side before it is written to. */
  @FunctionalInterface
  public interface Preparation {
    void prepare() throws HistoryException, InvalidInputException;
  }
}
