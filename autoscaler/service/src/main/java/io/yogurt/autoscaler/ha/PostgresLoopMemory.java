package io.yogurt.autoscaler.ha;

import io.yogurt.autoscaler.loop.LoopMemoryStore;
import io.yogurt.autoscaler.loop.PoolMemory;
import io.yogurt.autoscaler.service.LoopMemoryJson;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The loop's memory in the PostgreSQL database the instances share (HA), one row per pool in {@code
 * yogurt_loop_memory}: the instance that ticks next reads what the one before wrote (drains in
 * flight, missing workers, stabilization window, lead times, the launch budget) before it decides,
 * and writes its own before it acts, so a takeover neither re-drains, nor replaces what is
 * draining, nor restarts a dead worker's timer.
 */
public final class PostgresLoopMemory implements LoopMemoryStore, AutoCloseable {

  private final PostgresConnections connections;
  private final String url;
  private Connection connection;

  private PostgresLoopMemory(HaSettings ha) {
    this.connections = new PostgresConnections(ha);
    this.url = ha.jdbcUrl();
  }

  public static PostgresLoopMemory open(HaSettings ha) throws IOException {
    PostgresLoopMemory store = new PostgresLoopMemory(ha);
    try {
      store.run(
          c -> {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
              // As for the override tables: instances starting together take turns.
              s.execute("SELECT pg_advisory_xact_lock(hashtext('yogurt loop memory table'))");
              s.execute(
                  "CREATE TABLE IF NOT EXISTS yogurt_loop_memory (pool TEXT PRIMARY KEY,"
                      + " memory TEXT NOT NULL, saved_at TIMESTAMPTZ NOT NULL DEFAULT now())");
              c.commit();
            } catch (SQLException e) {
              c.rollback();
              throw e;
            } finally {
              c.setAutoCommit(true);
            }
            return null;
          });
    } catch (LoopMemoryException e) {
      throw new IOException(e.getMessage(), e);
    }
    return store;
  }

  @Override
  public boolean shared() {
    return true;
  }

  @Override
  public Optional<PoolMemory> load(String pool) throws LoopMemoryException {
    String json =
        run(
            c -> {
              try (PreparedStatement s =
                  c.prepareStatement("SELECT memory FROM yogurt_loop_memory WHERE pool = ?")) {
                s.setString(1, pool);
                try (ResultSet r = s.executeQuery()) {
                  return r.next() ? r.getString(1) : null;
                }
              }
            });
    try {
      return json == null ? Optional.empty() : Optional.of(LoopMemoryJson.read(json));
    } catch (IOException e) {
      throw new LoopMemoryException("pool " + pool + "'s memory: " + e.getMessage(), e);
    }
  }

  @Override
  public void save(String pool, PoolMemory memory) throws LoopMemoryException {
    String json;
    try {
      json = LoopMemoryJson.write(memory);
    } catch (IOException e) {
      throw new LoopMemoryException("pool " + pool + "'s memory: " + e.getMessage(), e);
    }
    run(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO yogurt_loop_memory (pool, memory, saved_at) VALUES (?, ?, now())"
                      + " ON CONFLICT (pool) DO UPDATE SET memory = EXCLUDED.memory,"
                      + " saved_at = EXCLUDED.saved_at")) {
            s.setString(1, pool);
            s.setString(2, json);
            return s.executeUpdate();
          }
        });
  }

  private interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  private synchronized <T> T run(SqlWork<T> work) throws LoopMemoryException {
    try {
      if (connection == null) {
        connection = connections.getConnection();
      }
      return work.run(connection);
    } catch (SQLException e) {
      close();
      throw new LoopMemoryException("PostgreSQL at " + url + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // closing a broken connection: nothing more to do
      }
      connection = null;
    }
  }
}
