package io.yogurt.registry.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Without a reachable etcd: one clear error at start; and URLs that are not registry URLs. */
class UnreachableTest {

  @Test
  void anEtcdThatDoesNotAnswerIsOneClearErrorNamingIt() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "etcd://127.0.0.1:" + port;
    RegistrySettings settings =
        RegistrySettings.parse(url, Duration.ofSeconds(2), Duration.ofMillis(500)).orElseThrow();
    RegistryUnavailableException e =
        assertThrows(RegistryUnavailableException.class, () -> EtcdRegistry.connect(settings));
    assertTrue(
        e.getMessage().startsWith("etcd at " + url + ": cannot read /yogurt/brokers/: "),
        e.getMessage());
    assertTrue(e.getMessage().length() < 300, e.getMessage());
  }

  @Test
  void registryUrlsAreParsedAndBadOnesRefused() {
    RegistrySettings s = RegistrySettings.parse("etcd://10.0.0.2:2379,10.0.0.3:2379/ours").get();
    assertEquals(2, s.endpoints().size());
    assertEquals("http://10.0.0.3:2379", s.endpoints().get(1).toString());
    assertEquals("/ours/", s.prefix());
    assertEquals("/yogurt/brokers/", RegistrySettings.parse("etcd://h:1").get().prefix());
    for (String bad : List.of("http://h:2379", "etcd://", "etcd://h", "etcd://h:x/p")) {
      assertTrue(RegistrySettings.parse(bad).isEmpty(), bad);
    }
  }

  @Test
  void entriesSayWhatIsWrongWithThem() {
    assertEquals(
        "expected a JSON object",
        assertThrows(IllegalArgumentException.class, () -> BrokerEntry.parse("[1]".getBytes()))
            .getMessage());
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> BrokerEntry.parse("nope".getBytes()))
            .getMessage()
            .startsWith("not JSON"));
    BrokerEntry e =
        new BrokerEntry("tcp://h:1", "tcp://h:2", "blue", List.of("echo"), "K".repeat(40));
    assertEquals(e, BrokerEntry.parse(e.toJson()));
  }
}
