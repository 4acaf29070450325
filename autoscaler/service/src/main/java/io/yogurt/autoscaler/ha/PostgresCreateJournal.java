package io.yogurt.autoscaler.ha;

import io.yogurt.provider.digitalocean.CreateJournal;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The pending-creates journal in the PostgreSQL database the HA instances share, one row per
 * droplet name in {@code yogurt_pending_creates}: an instance taking over within the API's listing
 * lag counts the droplets the other asked for in its last seconds instead of launching them again.
 * Rows, not one document, so that two instances writing at once (a launch still carried out by the
 * one that stopped acting) never overwrite each other's names.
 */
public final class PostgresCreateJournal implements CreateJournal {

  private final PostgresSession session;

  private PostgresCreateJournal(HaSettings ha) {
    this.session = new PostgresSession(ha);
  }

  public static PostgresCreateJournal open(HaSettings ha) throws IOException {
    PostgresCreateJournal journal = new PostgresCreateJournal(ha);
    try {
      journal.session.createTables(
          "yogurt pending creates table",
          "CREATE TABLE IF NOT EXISTS yogurt_pending_creates (name TEXT PRIMARY KEY,"
              + " pool TEXT NOT NULL, droplet_id BIGINT NOT NULL, asked_at TIMESTAMPTZ NOT"
              + " NULL, until TIMESTAMPTZ NOT NULL)");
    } catch (SQLException e) {
      journal.close();
      throw new IOException("PostgreSQL at " + ha.jdbcUrl() + ": " + e.getMessage(), e);
    }
    return journal;
  }

  @Override
  public void asked(String pool, List<String> names, Instant at, Instant until) throws IOException {
    List<Pending> rows = names.stream().map(n -> new Pending(n, pool, 0, at, until)).toList();
    upsert(rows);
  }

  @Override
  public void created(List<Pending> created) throws IOException {
    run(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE yogurt_pending_creates SET droplet_id = ?, asked_at = ?, until = ?"
                      + " WHERE name = ?")) {
            for (Pending p : created) {
              s.setLong(1, p.id());
              s.setTimestamp(2, Timestamp.from(p.at()));
              s.setTimestamp(3, Timestamp.from(p.until()));
              s.setString(4, p.name());
              s.addBatch();
            }
            s.executeBatch();
          }
          return null;
        });
  }

  @Override
  public void refused(List<String> names) throws IOException {
    deleteNames(names);
  }

  @Override
  public void settle(List<String> listed, Instant now) throws IOException {
    deleteNames(listed);
    run(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM yogurt_pending_creates WHERE until < ?")) {
            s.setTimestamp(1, Timestamp.from(now));
            return s.executeUpdate();
          }
        });
  }

  @Override
  public void forget(String name) throws IOException {
    deleteNames(List.of(name));
  }

  @Override
  public List<Pending> of(String pool) throws IOException {
    return run(
        c -> {
          List<Pending> out = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT name, droplet_id, asked_at, until FROM yogurt_pending_creates"
                      + " WHERE pool = ? ORDER BY name")) {
            s.setString(1, pool);
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                out.add(
                    new Pending(
                        r.getString(1),
                        pool,
                        r.getLong(2),
                        r.getTimestamp(3).toInstant(),
                        r.getTimestamp(4).toInstant()));
              }
            }
          }
          return out;
        });
  }

  private void upsert(List<Pending> rows) throws IOException {
    run(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO yogurt_pending_creates (name, pool, droplet_id, asked_at, until)"
                      + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET pool ="
                      + " EXCLUDED.pool, droplet_id = EXCLUDED.droplet_id, asked_at ="
                      + " EXCLUDED.asked_at, until = EXCLUDED.until")) {
            for (Pending p : rows) {
              s.setString(1, p.name());
              s.setString(2, p.pool());
              s.setLong(3, p.id());
              s.setTimestamp(4, Timestamp.from(p.at()));
              s.setTimestamp(5, Timestamp.from(p.until()));
              s.addBatch();
            }
            s.executeBatch();
          }
          return null;
        });
  }

  private void deleteNames(List<String> names) throws IOException {
    if (names.isEmpty()) {
      return;
    }
    run(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM yogurt_pending_creates WHERE name = ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", names.toArray()));
            return s.executeUpdate();
          }
        });
  }

  private <T> T run(PostgresSession.SqlWork<T> work) throws IOException {
    try {
      return session.run(work);
    } catch (SQLException e) {
      throw new IOException("PostgreSQL at " + session.url() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    session.close();
  }
}
