package io.yogurt.history.embedded;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded store's tables. {@code points} holds both instant samples (width 0) and downsampled
 * buckets (width = the bucket's span); {@code outbox} holds samples still to be forwarded to a
 * remote backend.
 */
final class Schema {

  static final int VERSION = 1;

  private Schema() {}

  static void apply(Connection db) throws SQLException {
    try (Statement s = db.createStatement()) {
      // WAL: a commit is one append to the log, readers never block the writer, and a killed
      // process leaves every committed transaction intact. NORMAL sync is durable against a
      // process crash (only a power cut can lose the last commits, never corrupt the file).
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=NORMAL");
      s.execute("PRAGMA busy_timeout=5000");
      s.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS series(id INTEGER PRIMARY KEY, service TEXT NOT NULL,"
              + " metric TEXT NOT NULL, UNIQUE(service, metric))");
      s.execute(
          "CREATE TABLE IF NOT EXISTS points(series INTEGER NOT NULL, t INTEGER NOT NULL,"
              + " width INTEGER NOT NULL, total REAL NOT NULL, n REAL NOT NULL, peak REAL NOT NULL,"
              + " PRIMARY KEY(series, t)) WITHOUT ROWID");
      s.execute(
          "CREATE TABLE IF NOT EXISTS outbox(seq INTEGER PRIMARY KEY AUTOINCREMENT,"
              + " service TEXT NOT NULL, metric TEXT NOT NULL, t INTEGER NOT NULL, value REAL NOT NULL)");
      s.execute("INSERT OR IGNORE INTO meta(key, value) VALUES('schema', '" + VERSION + "')");
    }
  }

  static int version(Connection db) throws SQLException {
    return Integer.parseInt(meta(db, "schema", "0"));
  }

  static String meta(Connection db, String key, String fallback) throws SQLException {
    try (var q = db.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
      q.setString(1, key);
      try (ResultSet r = q.executeQuery()) {
        return r.next() ? r.getString(1) : fallback;
      }
    }
  }

  static void setMeta(Connection db, String key, String value) throws SQLException {
    try (var q = db.prepareStatement("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)")) {
      q.setString(1, key);
      q.setString(2, value);
      q.executeUpdate();
    }
  }
}
