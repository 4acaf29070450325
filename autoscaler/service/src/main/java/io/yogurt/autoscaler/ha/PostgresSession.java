package io.yogurt.autoscaler.ha;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One connection to the PostgreSQL the HA instances share, opened on first use and again after a
 * failure, for a store that makes a few small statements a tick (overrides, loop memory, the
 * pending-creates journal): a pool would add a dependency for nothing.
 */
final class PostgresSession implements AutoCloseable {

  /** Work on the connection. */
  interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  private final PostgresConnections connections;
  private final String url;
  private Connection connection;

  PostgresSession(HaSettings ha) {
    this.connections = new PostgresConnections(ha);
    this.url = ha.jdbcUrl();
  }

  /** The database's URL, for messages (it holds no password: that is a setting of its own). */
  String url() {
    return url;
  }

  /** Runs the work; a failure closes the connection, so the next call opens a new one. */
  synchronized <T> T run(SqlWork<T> work) throws SQLException {
    try {
      if (connection == null) {
        connection = connections.getConnection();
      }
      return work.run(connection);
    } catch (SQLException e) {
      close();
      throw e;
    }
  }

  /**
   * Creates tables that may not exist yet. IF NOT EXISTS is not safe against another instance
   * creating the same table at the same moment (a duplicate-key error): instances starting together
   * take turns under an advisory lock named {@code lock}.
   */
  void createTables(String lock, String... ddl) throws SQLException {
    run(
        c -> {
          c.setAutoCommit(false);
          try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(hashtext('" + lock + "'))");
            for (String statement : ddl) {
              s.execute(statement);
            }
            c.commit();
          } catch (SQLException e) {
            c.rollback();
            throw e;
          } finally {
            c.setAutoCommit(true);
          }
          return null;
        });
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
