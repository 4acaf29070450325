package io.yogurt.autoscaler.ha;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A database of a test's own in the real PostgreSQL named by {@code YOGURT_TEST_PG_URL}
 * (scripts/test starts one), dropped when closed.
 */
public final class TestDatabase implements AutoCloseable {

  public static final String URL_VARIABLE = "YOGURT_TEST_PG_URL";

  private final String adminUrl;
  private final String name;

  private TestDatabase(String adminUrl, String name) {
    this.adminUrl = adminUrl;
    this.name = name;
  }

  public static TestDatabase create(String prefix) throws SQLException {
    String adminUrl = System.getenv(URL_VARIABLE);
    if (adminUrl == null || adminUrl.isBlank()) {
      fail(
          URL_VARIABLE
              + " is not set: this test needs a real PostgreSQL. Run scripts/test, or run"
              + " `export "
              + URL_VARIABLE
              + "=$(scripts/postgres start)` and then Maven.");
    }
    String name =
        prefix + "_" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    sql(adminUrl, "CREATE DATABASE " + name);
    return new TestDatabase(adminUrl, name);
  }

  /** The JDBC URL of this database, with the user of the admin URL. */
  public String url() {
    return adminUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
  }

  public static void sql(String url, String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  @Override
  public void close() throws SQLException {
    sql(adminUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }
}
