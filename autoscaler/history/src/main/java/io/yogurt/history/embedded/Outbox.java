package io.yogurt.history.embedded;

import io.yogurt.models.Sample;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples written locally but not yet delivered to the remote backend, in arrival order. They are
 * removed only after the remote side acknowledged them; delivery may repeat after a crash, which
 * idempotent remote writes make harmless.
 */
public final class Outbox {

  private Outbox() {}

  /** A run of queued samples and the sequence number of the last one. */
  public record Batch(List<Sample> samples, long lastSeq) {

    public boolean isEmpty() {
      return samples.isEmpty();
    }
  }

  static void enqueue(Connection db, List<Sample> samples) throws SQLException {
    try (PreparedStatement q =
        db.prepareStatement("INSERT INTO outbox(service, metric, t, value) VALUES(?, ?, ?, ?)")) {
      for (Sample s : samples) {
        if (!Double.isFinite(s.value())) {
          continue;
        }
        q.setString(1, s.service());
        q.setString(2, s.metric());
        q.setLong(3, s.at().toEpochMilli());
        q.setDouble(4, s.value());
        q.addBatch();
      }
      q.executeBatch();
    }
  }

  static Batch peek(Connection db, int limit) throws SQLException {
    List<Sample> samples = new ArrayList<>();
    long last = -1;
    try (PreparedStatement q =
        db.prepareStatement(
            "SELECT seq, service, metric, t, value FROM outbox ORDER BY seq LIMIT ?")) {
      q.setInt(1, limit);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          last = r.getLong(1);
          samples.add(
              new Sample(
                  r.getString(2),
                  r.getString(3),
                  Instant.ofEpochMilli(r.getLong(4)),
                  r.getDouble(5)));
        }
      }
    }
    db.commit();
    return new Batch(samples, last);
  }

  static void removeThrough(Connection db, long lastSeq) throws SQLException {
    try (PreparedStatement q = db.prepareStatement("DELETE FROM outbox WHERE seq <= ?")) {
      q.setLong(1, lastSeq);
      q.executeUpdate();
    }
  }

  static long size(Connection db) throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM outbox")) {
      r.next();
      long n = r.getLong(1);
      db.commit();
      return n;
    }
  }
}
