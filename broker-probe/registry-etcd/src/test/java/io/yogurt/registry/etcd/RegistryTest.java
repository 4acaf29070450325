package io.yogurt.registry.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Registration, expiry and reading of broker entries in a real etcd. */
@Tag("etcd")
class RegistryTest {

  private static final InstantSource CLOCK = InstantSource.system();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private <T extends AutoCloseable> T add(T c) {
    closeables.add(c);
    return c;
  }

  private static BrokerEntry entry(String endpoint, String cluster) {
    return new BrokerEntry(endpoint, endpoint + "1", cluster, List.of("echo"), "");
  }

  @Test
  void anEntryIsSeenWhileItsLeaseLivesAndGoneWhenItExpiresOrIsClosed() throws Exception {
    EtcdRegistry etcd = add(EtcdRegistry.connect(Etcd.shared()));
    BrokerDirectory dir = add(new BrokerDirectory(etcd, CLOCK, "blue")).start(true);
    BrokerRegistration a =
        add(BrokerRegistration.start(etcd, () -> entry("tcp://10.0.0.1:5555", "blue"), true));
    BrokerRegistration b =
        add(BrokerRegistration.start(etcd, () -> entry("tcp://10.0.0.2:5555", "blue"), true));
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> dir.view().size() == 2);
    assertEquals(entry("tcp://10.0.0.1:5555", "blue"), dir.view().get(0));
    // A clean stop revokes at once; a crash (no renewal) lets the lease expire within its TTL.
    a.close();
    Awaitility.await().atMost(Duration.ofSeconds(1)).until(() -> dir.view().size() == 1);
    long abandoned = System.nanoTime();
    b.abandon();
    Awaitility.await().atMost(Duration.ofSeconds(6)).until(() -> dir.view().isEmpty());
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - abandoned);
    assertTrue(took >= 500, "an abandoned lease lives on for a while: " + took + " ms");
  }

  @Test
  void aMalformedEntryIsSkippedAndNamedOnceAndAnotherClusterIsRefused() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(BrokerDirectory.class)).addAppender(logs);
    RegistrySettings settings = Etcd.shared();
    EtcdRegistry etcd = add(EtcdRegistry.connect(settings));
    String bad = settings.prefix() + "broken";
    etcd.call(
        "write",
        () ->
            etcd.client()
                .getKVClient()
                .put(
                    EtcdRegistry.bytes(bad),
                    ByteSequence.from("{\"endpoint\": 5555}", StandardCharsets.UTF_8)));
    add(BrokerRegistration.start(etcd, () -> entry("tcp://10.0.0.3:5555", "red"), true));
    add(BrokerRegistration.start(etcd, () -> entry("tcp://10.0.0.4:5555", "blue"), true));
    BrokerDirectory dir = add(new BrokerDirectory(etcd, CLOCK, "blue")).start(true);
    assertEquals(List.of(entry("tcp://10.0.0.4:5555", "blue")), dir.view());
    // Re-read every ~0.7 s: the bad entry stays bad, and is named once.
    Awaitility.await().pollDelay(Duration.ofMillis(1600)).until(() -> true);
    List<String> messages;
    synchronized (logs.list) {
      messages = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
    assertEquals(
        1,
        messages.stream()
            .filter(
                m ->
                    m.equals(
                        "registry entry "
                            + bad
                            + " skipped: endpoint: got '5555', expected an endpoint like"
                            + " tcp://10.0.0.5:5555"))
            .count(),
        messages.toString());
    assertEquals(
        1,
        messages.stream().filter(m -> m.contains("its cluster is 'red'")).count(),
        messages.toString());
    etcd.call("clean", () -> etcd.client().getKVClient().delete(EtcdRegistry.bytes(bad)));
    assertFalse(dir.status().contains("unreachable"), dir.status());
  }

  @Test
  void aNewValueIsWrittenWhenTheServicesChange() throws Exception {
    EtcdRegistry etcd = add(EtcdRegistry.connect(Etcd.shared()));
    List<String> services = new CopyOnWriteArrayList<>(List.of("echo"));
    add(
        BrokerRegistration.start(
            etcd, () -> new BrokerEntry("tcp://10.0.0.5:5555", "", "blue", services, ""), true));
    BrokerDirectory dir = add(new BrokerDirectory(etcd, CLOCK, null)).start(true);
    services.add("sum");
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> dir.view().size() == 1 && dir.view().get(0).serves("sum"));
  }
}
