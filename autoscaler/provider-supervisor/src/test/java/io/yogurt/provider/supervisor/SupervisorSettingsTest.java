package io.yogurt.provider.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.config.ConfigFile;
import io.yogurt.config.InvalidInputException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The supervisor section: every mistake one error naming its key; the password never shown. */
class SupervisorSettingsTest {

  private static ConfigFile file(String yaml, Map<String, String> env) throws Exception {
    return ConfigFile.parse("y.yaml", new StringReader(yaml), env::get);
  }

  private static String errors(String yaml) throws Exception {
    ConfigFile f = file(yaml, Map.of());
    SupervisorSettings s = SupervisorSettings.from(f.root().section("supervisor"), n -> null);
    SupervisorSettings.checkUse(f.root().section("check"), s, List.of("echo", "Bad_Pool"));
    try {
      f.finish();
      return "";
    } catch (InvalidInputException e) {
      return e.getMessage();
    }
  }

  @Test
  void eachMistakeNamesItsKeyAndWhatWasExpected() throws Exception {
    String e =
        errors(
            """
            supervisor:
              hosts:
                - {name: web1, url: "http://u:p@10.0.0.5:9001/RPC2"}
                - {name: web1, url: "ftp://x", max-workers: 0}
                - {name: "Web 3", url: "http://10.0.0.7:9001"}
              program: yogurt
              worker:
                package-sha256: abc
            check: {}
            """);
    assertTrue(
        e.contains(
            "supervisor.hosts[0].url (line 3): got 'http://u:p@10.0.0.5:9001/RPC2', expected supervisord's XML-RPC URL"),
        e);
    assertTrue(e.contains("supervisor.hosts[1].name (line 4): host 'web1' is listed twice"), e);
    assertTrue(e.contains("supervisor.hosts[1].max-workers (line 4)"), e);
    assertTrue(
        e.contains("supervisor.hosts[2].name (line 5): got 'Web 3', expected a short host name"),
        e);
    assertTrue(
        e.contains(
            "supervisor.program (line 6): got 'yogurt', expected a program name with {pool}"),
        e);
    assertTrue(
        e.contains(
            "supervisor.worker.package-sha256 (line 8): got 'abc', expected 64 lowercase hex"),
        e);
    assertTrue(e.contains("pool 'Bad_Pool' cannot name supervisord processes"), e);
  }

  @Test
  void noHostWithProviderSupervisorIsAnError() throws Exception {
    assertTrue(errors("check: {}\n").contains("provider is supervisor but no host is listed"));
  }

  @Test
  void thePasswordComesFromTheEnvironmentAndIsNeverShown() throws Exception {
    ConfigFile f =
        file(
            """
            supervisor:
              hosts:
                - {name: a, url: "http://10.0.0.5:9001"}
                - {name: b, url: "http://10.0.0.6:9001/RPC2", password: "${B_PASSWORD}"}
            """,
            Map.of("B_PASSWORD", "b-secret"));
    SupervisorSettings s =
        SupervisorSettings.from(
            f.root().section("supervisor"),
            n -> n.equals(HostSettings.PASSWORD_ENV) ? "a-secret" : null);
    f.finish();
    assertEquals("a-secret", s.hosts().get(0).password().reveal());
    assertEquals("b-secret", s.hosts().get(1).password().reveal());
    assertEquals("http://10.0.0.5:9001/RPC2", s.hosts().get(0).url().toString(), "/RPC2 added");
    String shown = f.root().effective().toString() + s.hosts();
    assertFalse(shown.contains("a-secret") || shown.contains("b-secret"), shown);
  }
}
