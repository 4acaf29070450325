package io.yogurt.autoscaler.ha;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.ds.PGSimpleDataSource;
import org.quartz.utils.ConnectionProvider;

/**
 * Quartz's connections to PostgreSQL, one new connection per use. Quartz opens a few per second at
 * most, so a pool (c3p0, Hikari) would add a dependency for nothing. The password stays in the data
 * source and is never put into Quartz's properties, which may be logged.
 */
public final class PostgresConnections implements ConnectionProvider {

  private final PGSimpleDataSource source = new PGSimpleDataSource();

  public PostgresConnections(HaSettings ha) {
    source.setURL(ha.jdbcUrl());
    if (!ha.username().isEmpty()) {
      source.setUser(ha.username());
    }
    if (!ha.password().isEmpty()) {
      source.setPassword(ha.password().reveal());
    }
    source.setConnectTimeout(5);
    source.setApplicationName("yogurt " + ha.instanceId());
  }

  @Override
  public Connection getConnection() throws SQLException {
    return source.getConnection();
  }

  @Override
  public void shutdown() {
    // nothing pooled, nothing to close
  }

  @Override
  public void initialize() {
    // connections are opened on demand
  }
}
