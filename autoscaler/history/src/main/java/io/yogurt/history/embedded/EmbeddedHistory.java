package io.yogurt.history.embedded;

import io.yogurt.history.HistorySettings;
import io.yogurt.history.KnownServices;
import io.yogurt.history.StepAggregator;
import io.yogurt.models.History;
import io.yogurt.models.HistoryException;
import io.yogurt.models.Sample;
import io.yogurt.models.Series;
import io.yogurt.models.SeriesQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The default history: a SQLite file ({@code history.db}) in WAL mode under the state directory.
 * Each {@link #append} is one transaction, so killing the process loses at most the append in
 * progress. Old samples are downsampled by {@link #compact(Instant)}.
 */
public final class EmbeddedHistory implements History, KnownServices {

  static final String FILE_NAME = "history.db";

  private final Path file;
  private final Connection db;
  private final EmbeddedSettings settings;
  private final SeriesIds ids;
  private long widestBucketMillis;

  private EmbeddedHistory(Path file, Connection db, EmbeddedSettings settings) throws SQLException {
    this.file = file;
    this.db = db;
    this.settings = settings;
    this.ids = new SeriesIds(db);
    this.widestBucketMillis = Long.parseLong(Schema.meta(db, "widest_bucket_ms", "0"));
  }

  /** Opens (creating if needed) {@code <stateDir>/history.db}. */
  public static EmbeddedHistory open(Path stateDir, HistorySettings settings)
      throws HistoryException {
    Path file = stateDir.resolve(FILE_NAME);
    try {
      Files.createDirectories(stateDir);
    } catch (IOException e) {
      throw new HistoryException(
          "cannot create state directory " + stateDir + ": " + e.getMessage(), e);
    }
    Connection db = null;
    try {
      db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      Schema.apply(db);
      int version = Schema.version(db);
      if (version != Schema.VERSION) {
        throw new HistoryException(
            file
                + ": history schema version "
                + version
                + ", this Yogurt reads version "
                + Schema.VERSION);
      }
      if (settings.embedded().maxBytes() > 0) {
        capSize(db, settings.embedded().maxBytes());
      }
      db.setAutoCommit(false);
      return new EmbeddedHistory(file, db, settings.embedded());
    } catch (SQLException e) {
      closeQuietly(db);
      throw new HistoryException(
          file + ": cannot open the history store (" + e.getMessage() + ")", e);
    } catch (HistoryException e) {
      closeQuietly(db);
      throw e;
    }
  }

  /** SQLite refuses to grow past this many bytes, with the error a full disk gives. */
  private static void capSize(Connection db, long maxBytes) throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("PRAGMA page_size")) {
      r.next();
      long pages = Math.max(1, maxBytes / r.getLong(1));
      s.execute("PRAGMA max_page_count = " + pages);
    }
  }

  /** The database file. */
  public Path file() {
    return file;
  }

  @Override
  public synchronized void append(List<Sample> samples) throws HistoryException {
    transaction("append", () -> insert(samples));
  }

  /**
   * Appends samples and queues them for forwarding, in one transaction: either both happen or
   * neither, so a crash between the two cannot lose a sample for the remote backend.
   */
  public synchronized void appendAndQueue(List<Sample> samples) throws HistoryException {
    transaction(
        "append",
        () -> {
          insert(samples);
          Outbox.enqueue(db, samples);
        });
  }

  /** The samples waiting to be forwarded, oldest first. */
  public synchronized Outbox.Batch outboxPeek(int limit) throws HistoryException {
    try {
      return Outbox.peek(db, limit);
    } catch (SQLException e) {
      throw failure("read the outbox", e);
    }
  }

  /** Removes forwarded samples, up to and including sequence number {@code lastSeq}. */
  public synchronized void outboxRemove(long lastSeq) throws HistoryException {
    transaction("clear the outbox", () -> Outbox.removeThrough(db, lastSeq));
  }

  /** How many samples wait to be forwarded. */
  public synchronized long outboxSize() throws HistoryException {
    try {
      return Outbox.size(db);
    } catch (SQLException e) {
      throw failure("read the outbox", e);
    }
  }

  private void insert(List<Sample> samples) throws SQLException {
    try (PreparedStatement put =
        db.prepareStatement(
            "INSERT OR REPLACE INTO points(series, t, width, total, n, peak) VALUES(?, ?, 0, ?, 1, ?)")) {
      for (Sample s : samples) {
        if (!Double.isFinite(s.value())) {
          continue; // NaN is "no data": a gap is the absence of a row
        }
        put.setLong(1, ids.idOf(s.service(), s.metric()));
        put.setLong(2, s.at().toEpochMilli());
        put.setDouble(3, s.value());
        put.setDouble(4, s.value());
        put.addBatch();
      }
      put.executeBatch();
    }
  }

  @Override
  public synchronized Series read(SeriesQuery query) throws HistoryException {
    StepAggregator steps = new StepAggregator(query);
    try {
      Optional<Long> id = ids.find(query.service(), query.metric());
      if (id.isPresent()) {
        try (PreparedStatement q =
            db.prepareStatement(
                "SELECT t, width, total, n, peak FROM points WHERE series = ? AND t >= ? AND t < ?")) {
          q.setLong(1, id.get());
          q.setLong(2, query.from().toEpochMilli() - widestBucketMillis);
          q.setLong(3, query.to().toEpochMilli());
          try (ResultSet r = q.executeQuery()) {
            while (r.next()) {
              steps.addBucket(
                  r.getLong(1), r.getLong(2), r.getDouble(3), r.getDouble(4), r.getDouble(5));
            }
          }
        }
      }
      db.commit(); // ends the read transaction so the WAL can be checkpointed
      return steps.result();
    } catch (SQLException e) {
      throw failure("read " + query.service() + "/" + query.metric(), e);
    }
  }

  @Override
  public synchronized List<String> services(String metric, Instant from, Instant to)
      throws HistoryException {
    // widestBucketMillis: a downsampled bucket starting before `from` may still hold samples after
    // it
    String sql =
        "SELECT s.service FROM series s WHERE s.metric = ? AND EXISTS (SELECT 1 FROM points p"
            + " WHERE p.series = s.id AND p.t >= ? AND p.t < ?) ORDER BY s.service";
    try (PreparedStatement q = db.prepareStatement(sql)) {
      q.setString(1, metric);
      q.setLong(2, from.toEpochMilli() - widestBucketMillis);
      q.setLong(3, to.toEpochMilli());
      List<String> names = new ArrayList<>();
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          names.add(r.getString(1));
        }
      }
      db.commit();
      return names;
    } catch (SQLException e) {
      throw failure("list the services", e);
    }
  }

  /**
   * Downsamples and expires old data as the retention settings say. Run it now and then (hourly is
   * plenty); it is idempotent.
   *
   * @return rows removed (merged into buckets or expired)
   */
  public synchronized long compact(Instant now) throws HistoryException {
    long[] removed = {0};
    transaction(
        "compact",
        () -> {
          Downsampler downsampler = new Downsampler(db);
          for (EmbeddedSettings.Tier tier : settings.tiers()) {
            removed[0] += downsampler.mergeOlderThan(now.minus(tier.after()), tier.step());
            widestBucketMillis = Math.max(widestBucketMillis, tier.step().toMillis());
          }
          removed[0] += downsampler.expireOlderThan(now.minus(settings.keepCoarse()));
          Schema.setMeta(db, "widest_bucket_ms", Long.toString(widestBucketMillis));
        });
    return removed[0];
  }

  /** Every stored point in a time range, for export; {@code service} null means all services. */
  public synchronized void scan(
      String service, String metric, Instant from, Instant to, PointSink sink)
      throws HistoryException {
    String sql =
        "SELECT s.service, s.metric, p.t, p.width, p.total, p.n, p.peak FROM points p"
            + " JOIN series s ON s.id = p.series WHERE p.t >= ? AND p.t < ?"
            + (service == null ? "" : " AND s.service = ?")
            + (metric == null ? "" : " AND s.metric = ?")
            + " ORDER BY s.service, s.metric, p.t";
    try (PreparedStatement q = db.prepareStatement(sql)) {
      int i = 1;
      q.setLong(i++, from.toEpochMilli());
      q.setLong(i++, to.toEpochMilli());
      if (service != null) {
        q.setString(i++, service);
      }
      if (metric != null) {
        q.setString(i, metric);
      }
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          sink.accept(
              new StoredPoint(
                  r.getString(1),
                  r.getString(2),
                  Instant.ofEpochMilli(r.getLong(3)),
                  r.getLong(4),
                  r.getDouble(5),
                  r.getDouble(6),
                  r.getDouble(7)));
        }
      }
      db.commit();
    } catch (SQLException e) {
      throw failure("scan", e);
    }
  }

  @Override
  public synchronized void close() {
    closeQuietly(db);
  }

  private void transaction(String what, SqlWork work) throws HistoryException {
    try {
      work.run();
      db.commit();
    } catch (SQLException e) {
      try {
        db.rollback();
      } catch (SQLException ignored) {
        // the connection is broken; the original error says why
      }
      ids.clear();
      throw failure(what, e);
    }
  }

  private HistoryException failure(String what, SQLException e) {
    return new HistoryException(file + ": cannot " + what + " (" + e.getMessage() + ")", e);
  }

  private static void closeQuietly(Connection db) {
    if (db != null) {
      try {
        db.close();
      } catch (SQLException ignored) {
        // closing a broken connection: nothing left to do
      }
    }
  }

  /** Receives stored points one at a time. */
  @FunctionalInterface
  public interface PointSink {
    void accept(StoredPoint point) throws HistoryException;
  }

  @FunctionalInterface
  private interface SqlWork {
    void run() throws SQLException;
  }
}
