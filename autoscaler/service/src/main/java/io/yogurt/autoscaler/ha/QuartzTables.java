package io.yogurt.autoscaler.ha;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.quartz.utils.ConnectionProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Quartz's tables in PostgreSQL from the script Quartz ships, if they are missing. Under an
 * advisory lock, so that instances starting together do not both create them.
 */
public final class QuartzTables {

  private static final Logger log = LoggerFactory.getLogger(QuartzTables.class);
  private static final String SCRIPT = "/org/quartz/impl/jdbcjobstore/tables_postgres.sql";

  private QuartzTables() {}

  public static void createIfMissing(ConnectionProvider connections) throws SQLException {
    try (Connection c = connections.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_advisory_xact_lock(hashtext('yogurt quartz tables'))");
        if (!exists(s)) {
          for (String sql : statements()) {
            s.execute(sql);
          }
          log.info("created Quartz's tables");
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static boolean exists(Statement s) throws SQLException {
    try (ResultSet r = s.executeQuery("SELECT to_regclass('qrtz_locks') IS NOT NULL")) {
      r.next();
      return r.getBoolean(1);
    }
  }

  /** The script's CREATE statements: its DROPs would wipe another instance's schedule. */
  static List<String> statements() {
    String script;
    try (InputStream in = QuartzTables.class.getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException("Quartz's " + SCRIPT + " is not on the classpath");
      }
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("reading " + SCRIPT, e);
    }
    String withoutComments =
        script.lines().filter(l -> !l.trim().startsWith("--")).collect(Collectors.joining("\n"));
    return Arrays.stream(withoutComments.split(";"))
        .map(String::trim)
        .filter(sql -> sql.toUpperCase().startsWith("CREATE"))
        .toList();
  }
}
