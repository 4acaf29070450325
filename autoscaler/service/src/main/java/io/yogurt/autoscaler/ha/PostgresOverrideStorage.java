package io.yogurt.autoscaler.ha;

import io.yogurt.autoscaler.admin.OverrideJson;
import io.yogurt.autoscaler.admin.OverrideStorage;
import io.yogurt.models.ManualOverride;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Overrides, modes and resumes in the PostgreSQL database the instances share (HA): what a person
 * sets through any instance's admin API holds on whichever instance ticks, and survives the loss of
 * either. Tables {@code yogurt_overrides}, {@code yogurt_pool_modes}, {@code yogurt_pool_resumes}
 * (one row per pool) and {@code yogurt_override_audit} are created if missing.
 */
public final class PostgresOverrideStorage implements OverrideStorage, AutoCloseable {

  /** One connection, reopened after a failure: a tick reads the overrides once per pool. */
  private final PostgresSession session;

  private PostgresOverrideStorage(HaSettings ha) {
    this.session = new PostgresSession(ha);
  }

  public static PostgresOverrideStorage open(HaSettings ha) throws IOException {
    PostgresOverrideStorage storage = new PostgresOverrideStorage(ha);
    try {
      storage.session.createTables(
          "yogurt override tables",
          "CREATE TABLE IF NOT EXISTS yogurt_overrides (pool TEXT PRIMARY KEY, override TEXT NOT"
              + " NULL)",
          "CREATE TABLE IF NOT EXISTS yogurt_override_audit (id BIGSERIAL PRIMARY KEY, entry TEXT"
              + " NOT NULL)",
          "CREATE TABLE IF NOT EXISTS yogurt_pool_modes (pool TEXT PRIMARY KEY, mode TEXT NOT NULL)",
          "CREATE TABLE IF NOT EXISTS yogurt_pool_resumes (pool TEXT PRIMARY KEY, at TEXT NOT"
              + " NULL)");
    } catch (SQLException e) {
      storage.close();
      throw new IOException(
          "overrides in PostgreSQL at " + ha.jdbcUrl() + ": " + e.getMessage(), e);
    }
    return storage;
  }

  @Override
  public List<ManualOverride> all() throws IOException {
    List<String> rows =
        run(
            c -> {
              List<String> out = new ArrayList<>();
              try (Statement s = c.createStatement();
                  ResultSet r =
                      s.executeQuery("SELECT override FROM yogurt_overrides ORDER BY pool")) {
                while (r.next()) {
                  out.add(r.getString(1));
                }
              }
              return out;
            });
    List<ManualOverride> overrides = new ArrayList<>();
    for (String row : rows) {
      overrides.add(OverrideJson.MAPPER.readValue(row, ManualOverride.class));
    }
    return overrides;
  }

  @Override
  public void put(ManualOverride o) throws IOException {
    String json = OverrideJson.MAPPER.writeValueAsString(o);
    run(
        c ->
            update(
                c,
                "INSERT INTO yogurt_overrides (pool, override) VALUES (?, ?)"
                    + " ON CONFLICT (pool) DO UPDATE SET override = EXCLUDED.override",
                o.pool(),
                json));
  }

  @Override
  public boolean remove(ManualOverride o) throws IOException {
    String json = OverrideJson.MAPPER.writeValueAsString(o);
    // Only this very override: a newer one for the pool, or a removal by another instance, wins.
    return run(
            c ->
                update(
                    c,
                    "DELETE FROM yogurt_overrides WHERE pool = ? AND override = ?",
                    o.pool(),
                    json))
        == 1;
  }

  @Override
  public Map<String, String> modes() throws IOException {
    return run(
        c -> {
          Map<String, String> out = new TreeMap<>();
          try (Statement s = c.createStatement();
              ResultSet r = s.executeQuery("SELECT pool, mode FROM yogurt_pool_modes")) {
            while (r.next()) {
              out.put(r.getString(1), r.getString(2));
            }
          }
          return out;
        });
  }

  @Override
  public void putMode(String pool, String mode) throws IOException {
    run(
        c ->
            update(
                c,
                "INSERT INTO yogurt_pool_modes (pool, mode) VALUES (?, ?)"
                    + " ON CONFLICT (pool) DO UPDATE SET mode = EXCLUDED.mode",
                pool,
                mode));
  }

  @Override
  public Map<String, Instant> resumes() throws IOException {
    return run(
        c -> {
          Map<String, Instant> out = new TreeMap<>();
          try (Statement s = c.createStatement();
              ResultSet r = s.executeQuery("SELECT pool, at FROM yogurt_pool_resumes")) {
            while (r.next()) {
              out.put(r.getString(1), Instant.parse(r.getString(2)));
            }
          }
          return out;
        });
  }

  @Override
  public void putResume(String pool, Instant at) throws IOException {
    run(
        c ->
            update(
                c,
                "INSERT INTO yogurt_pool_resumes (pool, at) VALUES (?, ?)"
                    + " ON CONFLICT (pool) DO UPDATE SET at = EXCLUDED.at",
                pool,
                at.toString()));
  }

  @Override
  public void audit(String entry) throws IOException {
    run(c -> update(c, "INSERT INTO yogurt_override_audit (entry) VALUES (?)", entry));
  }

  private static int update(Connection c, String sql, String... values) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        s.setString(i + 1, values[i]);
      }
      return s.executeUpdate();
    }
  }

  private <T> T run(PostgresSession.SqlWork<T> work) throws IOException {
    try {
      return session.run(work);
    } catch (SQLException e) {
      throw new IOException(
          "overrides in PostgreSQL at " + session.url() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    session.close();
  }
}
