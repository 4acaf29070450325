package io.yogurt.autoscaler.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.config.ConfigFile;
import io.yogurt.config.InvalidInputException;
import java.io.StringReader;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HaSettingsTest {

  static HaSettings parse(String yaml, Map<String, String> env) throws InvalidInputException {
    ConfigFile file = ConfigFile.parse("test.yaml", new StringReader(yaml), env::get);
    HaSettings s = HaSettings.from(file.root().section("ha"));
    file.finish();
    return s;
  }

  @Test
  void offByDefaultWithHostAndPidAsTheInstanceId() throws Exception {
    HaSettings s = parse("", Map.of());
    assertFalse(s.enabled());
    assertEquals(Duration.ofSeconds(5), s.checkInInterval());
    assertTrue(s.instanceId().endsWith("-" + ProcessHandle.current().pid()), s.instanceId());
  }

  @Test
  void readsEveryKeyAndKeepsThePasswordSecret() throws Exception {
    HaSettings s =
        parse(
            """
        ha:
          enabled: true
          jdbc-url: jdbc:postgresql://db:5432/yogurt
          username: yogurt
          password: ${PG_PASSWORD}
          instance-id: node-1
          check-in-interval: 2s
        """,
            Map.of("PG_PASSWORD", "hunter2"));
    assertEquals(
        new HaSettings(
            true,
            "jdbc:postgresql://db:5432/yogurt",
            "yogurt",
            s.password(),
            "node-1",
            Duration.ofSeconds(2)),
        s);
    assertEquals("hunter2", s.password().reveal());
    assertFalse(s.toString().contains("hunter2"), s.toString());
  }

  @Test
  void enabledWithoutAPostgresUrlNamesTheKey() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                parse(
                    """
        ha:
          enabled: true
          jdbc-url: jdbc:mysql://db/yogurt
        """,
                    Map.of()));
    assertTrue(e.getMessage().contains("ha.jdbc-url"), e.getMessage());
    assertTrue(e.getMessage().contains("jdbc:postgresql://"), e.getMessage());
  }

  @Test
  void aPasswordInTheUrlIsRefusedSoItIsNeverPrinted() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                parse(
                    """
        ha:
          enabled: true
          jdbc-url: jdbc:postgresql://db/yogurt?user=y&password=hunter2
        """,
                    Map.of()));
    assertTrue(
        e.getMessage().contains("ha.jdbc-url (line 3): holds a password; put it in ha.password"),
        e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void theTableScriptIsOnlyCreatesAndCoversEveryTable() {
    var statements = QuartzTables.statements();
    assertTrue(statements.stream().allMatch(s -> s.startsWith("CREATE")), statements.toString());
    assertTrue(statements.stream().anyMatch(s -> s.contains("QRTZ_LOCKS")));
    assertEquals(11, statements.stream().filter(s -> s.startsWith("CREATE TABLE")).count());
  }
}
