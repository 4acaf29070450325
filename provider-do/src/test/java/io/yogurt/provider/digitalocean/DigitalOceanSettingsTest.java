package io.yogurt.provider.digitalocean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.config.ConfigFile;
import io.yogurt.config.InvalidInputException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitalOceanSettingsTest {

  @TempDir Path dir;

  static DigitalOceanSettings read(String yaml, Map<String, String> env)
      throws InvalidInputException {
    ConfigFile f = ConfigFile.parse("y.yaml", new StringReader(yaml), env::get);
    DigitalOceanSettings s = DigitalOceanSettings.from(f.root().section("digitalocean"), env::get);
    f.finish();
    return s;
  }

  @Test
  void defaultsAndTheTokenFromTheEnvironment() throws Exception {
    DigitalOceanSettings s = read("", Map.of("DIGITALOCEAN_TOKEN", "dop_v1_abc"));
    assertEquals("dop_v1_abc", s.token().reveal());
    assertEquals("***", s.token().toString());
    assertEquals("api.digitalocean.com", s.apiHost());
    assertNull(s.caCertificate());
    assertEquals(200, s.requestsPerMinute());
    assertEquals(4500, s.requestsPerHour());
    assertEquals("yogurt:pool:web", s.poolTag("web"));
    assertEquals(Duration.ofSeconds(15), s.createSettle());
    assertTrue(!s.toString().contains("dop_v1_abc"));
  }

  @Test
  void aMissingTokenIsOneClearError() throws Exception {
    DigitalOceanSettings s = read("digitalocean:\n  region: ams3\n", Map.of());
    InvalidInputException e = assertThrows(InvalidInputException.class, s::requireToken);
    assertTrue(e.getMessage().startsWith("digitalocean.token: "), e.getMessage());
    assertTrue(e.getMessage().contains("set DIGITALOCEAN_TOKEN"), e.getMessage());
  }

  @Test
  void tokenFromAFileForSystemdCredentials() throws Exception {
    Path f = Files.writeString(dir.resolve("tok"), "dop_v1_file\n");
    DigitalOceanSettings s = read("digitalocean:\n  token-file: " + f + "\n", Map.of());
    assertEquals("dop_v1_file", s.token().reveal());
  }

  @Test
  void everyBadKeyIsReportedAtOnce() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                read(
                    "digitalocean:\n  api-url: http://api.example.com/v2\n  rate:\n    requests-per-minute: 300\n"
                        + "  fleet-tag: 'my tag'\n  worker:\n    curve-server-key: short\n  regoin: x\n  vpc-uuid: default\n",
                    Map.of("DIGITALOCEAN_TOKEN", "t")));
    String m = e.getMessage();
    assertTrue(m.contains("digitalocean.api-url (line 2)"), m);
    assertTrue(
        m.contains(
            "digitalocean.rate.requests-per-minute (line 4): got 300, expected an integer in [1, 250]"),
        m);
    assertTrue(m.contains("digitalocean.fleet-tag"), m);
    assertTrue(m.contains("digitalocean.worker.curve-server-key"), m);
    assertTrue(m.contains("digitalocean.regoin (line 8): unknown key"), m);
    assertTrue(
        m.contains("digitalocean.vpc-uuid (line 9): got 'default', expected a VPC's UUID"), m);
  }

  @Test
  void anApiUrlWithAPort() throws Exception {
    assertEquals(
        "127.0.0.1:8443",
        read("digitalocean:\n  api-url: https://127.0.0.1:8443\n", Map.of()).apiHost());
  }
}
