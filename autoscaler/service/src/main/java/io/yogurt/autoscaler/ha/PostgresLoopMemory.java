package io.yogurt.autoscaler.ha;

import io.yogurt.autoscaler.loop.LoopMemoryStore;
import io.yogurt.autoscaler.loop.PoolMemory;
import io.yogurt.autoscaler.service.LoopMemoryJson;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The loop's memory in the PostgreSQL database the instances share (HA), one row per pool in {@code
 * yogurt_loop_memory}: the instance that ticks next reads what the one before wrote (drains in
 * flight, missing workers, stabilization window, lead times, the launch budget) before it decides,
 * and writes its own before it acts, so a takeover neither re-drains, nor replaces what is
 * draining, nor restarts a dead worker's timer.
 */
public final class PostgresLoopMemory implements LoopMemoryStore, AutoCloseable {

  private final PostgresSession session;

  private PostgresLoopMemory(HaSettings ha) {
    this.session = new PostgresSession(ha);
  }

  public static PostgresLoopMemory open(HaSettings ha) throws IOException {
    PostgresLoopMemory store = new PostgresLoopMemory(ha);
    try {
      store.session.createTables(
          "yogurt loop memory table",
          "CREATE TABLE IF NOT EXISTS yogurt_loop_memory (pool TEXT PRIMARY KEY,"
              + " memory TEXT NOT NULL, saved_at TIMESTAMPTZ NOT NULL DEFAULT now())");
    } catch (SQLException e) {
      store.close();
      throw new IOException("PostgreSQL at " + ha.jdbcUrl() + ": " + e.getMessage(), e);
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

  private <T> T run(PostgresSession.SqlWork<T> work) throws LoopMemoryException {
    try {
      return session.run(work);
    } catch (SQLException e) {
      throw new LoopMemoryException("PostgreSQL at " + session.url() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    session.close();
  }
}
