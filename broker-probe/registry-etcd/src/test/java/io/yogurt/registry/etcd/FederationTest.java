package io.yogurt.registry.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.yogurt.broker.Broker;
import io.yogurt.broker.BrokerSettings;
import io.yogurt.broker.PeeringSettings;
import io.yogurt.broker.client.ClientSettings;
import io.yogurt.broker.client.MdpClient;
import io.yogurt.broker.probe.MdpProbe;
import io.yogurt.broker.probe.ProbeSettings;
import io.yogurt.broker.probe.ProbeTarget;
import io.yogurt.broker.worker.Handlers;
import io.yogurt.broker.worker.WorkerAgent;
import io.yogurt.broker.worker.WorkerSettings;
import io.yogurt.models.Observation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Brokers, workers and the probe that find each other in a real etcd: clients only on A, workers
 * only on B; B killed under load; etcd stopped while everything runs.
 */
@Tag("etcd")
class FederationTest {

  private static final InstantSource CLOCK = InstantSource.system();
  private static final Duration HEARTBEAT = Duration.ofMillis(250);

  @TempDir Path dir;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    // Workers of a dead broker wait out their linger on close: let them all start stopping first.
    List<CompletableFuture<?>> stopping = new ArrayList<>();
    for (AutoCloseable c : closeables) {
      if (c instanceof RegistryWorker w) {
        stopping.add(CompletableFuture.runAsync(() -> w.stop(Duration.ofSeconds(5))));
      } else if (c instanceof WorkerAgent w) {
        w.stop();
      }
    }
    CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private <T extends AutoCloseable> T add(T c) {
    closeables.add(c);
    return c;
  }

  /** On the test thread: ZeroMQ sockets must not be interrupted (see the broker's Fixture). */
  private static ConditionFactory eventually() {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .pollInSameThread()
        .pollInterval(Duration.ofMillis(50));
  }

  private Broker broker() throws Exception {
    return add(
        Broker.start(
            BrokerSettings.defaults("tcp://127.0.0.1:0")
                .withHeartbeat(HEARTBEAT, 3)
                .withPeering(PeeringSettings.on("blue").withState(Duration.ofMillis(50), 6)),
            CLOCK));
  }

  private BrokerFederation federate(Broker b, EtcdRegistry etcd) throws Exception {
    return add(BrokerFederation.start(b, etcd, "blue", CLOCK, true));
  }

  private RegistryWorker worker(EtcdRegistry etcd, String name, Duration serviceTime)
      throws Exception {
    BrokerDirectory d = add(new BrokerDirectory(etcd, CLOCK, null)).start(true);
    WorkerSettings s =
        WorkerSettings.of("", "echo", name)
            .withHeartbeat(HEARTBEAT, 3)
            .withReconnect(Duration.ofMillis(50), Duration.ofMillis(400));
    return add(new RegistryWorker(d, s, Handlers.sleep(serviceTime), CLOCK, null).start());
  }

  private MdpProbe probe(EtcdRegistry etcd) throws Exception {
    MdpProbe probe = add(new MdpProbe(new ProbeSettings(List.of()), CLOCK));
    add(new BrokerDirectory(etcd, CLOCK, null))
        .start(true)
        .onChange(
            view ->
                probe.setTargets(
                    view.stream()
                        .map(e -> ProbeTarget.of(e.endpoint(), Duration.ofSeconds(1)))
                        .toList()));
    return probe;
  }

  private static int workersOf(MdpProbe probe) {
    Observation o = probe.observe(CLOCK.instant());
    return o.service("echo").map(s -> s.workers().size()).orElse(0);
  }

  private MdpClient client(Broker a) {
    return add(
        new MdpClient(
            ClientSettings.of(a.endpoint())
                .withTimeout(Duration.ofSeconds(40), 0)
                .withMaxInFlight(16),
            CLOCK));
  }

  private static List<CompletableFuture<byte[]>> send(MdpClient c, int n, String tag) {
    List<CompletableFuture<byte[]>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(c.request("echo", (tag + i).getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  private static void assertAnswered(List<CompletableFuture<byte[]>> replies, String tag)
      throws Exception {
    CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    for (int i = 0; i < replies.size(); i++) {
      assertEquals(tag + i, new String(replies.get(i).get(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void workersOnBClientsOnAThenBKilledUnderLoadNothingLostAndAServesOnceWorkersMove()
      throws Exception {
    EtcdRegistry etcd = add(EtcdRegistry.connect(Etcd.shared()));
    Broker b = broker();
    BrokerFederation bInRegistry = federate(b, etcd);
    // The workers start while B is the only broker in the registry: they all go to B.
    List<RegistryWorker> workers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      workers.add(worker(etcd, "w-" + i, Duration.ofMillis(50)));
    }
    for (RegistryWorker w : workers) {
      assertEquals(b.endpoint(), w.broker().orElseThrow());
    }
    Broker a = broker();
    federate(a, etcd);
    MdpProbe probe = probe(etcd);
    eventually().until(() -> probe.endpoints().size() == 2 && workersOf(probe) == 4);

    MdpClient client = client(a);
    assertAnswered(send(client, 40, "hop"), "hop");
    List<CompletableFuture<byte[]>> replies = send(client, 120, "k");
    eventually().until(() -> replies.stream().filter(CompletableFuture::isDone).count() > 20);
    // B dies without a word: its key lives on until its lease expires (2 s), then the workers
    // move to A, and A serves what it took back from B and what waited meanwhile.
    bInRegistry.abandon();
    b.close();
    eventually()
        .until(() -> workers.stream().allMatch(w -> w.broker().orElse("").equals(a.endpoint())));
    assertAnswered(replies, "k");
    eventually().until(() -> probe.endpoints().equals(List.of(a.endpoint())));
    eventually().until(() -> workersOf(probe) == 4);
  }

  @Test
  void withEtcdStoppedBrokersAndProbeKeepTheirLastViewAndSaySo() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(BrokerDirectory.class)).addAppender(logs);
    Etcd.Private server = add(new Etcd.Private(dir).start());
    RegistrySettings settings = Etcd.at(server.url());
    EtcdRegistry etcd = eventuallyConnected(settings);
    add(etcd);
    Broker a = broker();
    Broker b = broker();
    federate(a, etcd);
    federate(b, etcd);
    MdpProbe probe = probe(etcd);
    BrokerDirectory watched = add(new BrokerDirectory(etcd, CLOCK, null)).start(true);
    for (int i = 0; i < 2; i++) {
      add(
          new WorkerAgent(
                  WorkerSettings.of(b.endpoint(), "echo", "b-" + i).withHeartbeat(HEARTBEAT, 3),
                  Handlers.echo(),
                  CLOCK)
              .start());
    }
    eventually().until(() -> probe.endpoints().size() == 2 && workersOf(probe) == 2);
    MdpClient client = client(a);
    assertAnswered(send(client, 20, "before"), "before");

    server.stop();
    // Longer than the leases (2 s): nothing is forgotten for want of etcd.
    eventually().until(() -> watched.staleSince().isPresent());
    Awaitility.await().pollDelay(Etcd.TTL.multipliedBy(2)).until(() -> true);
    assertTrue(watched.status().contains("unreachable since"), watched.status());
    assertTrue(watched.status().endsWith("last view of 2 brokers kept"), watched.status());
    assertEquals(2, probe.endpoints().size());
    assertAnswered(send(client, 20, "during"), "during");
    assertEquals(2, workersOf(probe));
    assertTrue(
        messages(logs).stream()
            .anyMatch(m -> m.contains("keeping the last view of 2 brokers until etcd answers")),
        messages(logs).toString());

    server.start();
    eventually().until(() -> watched.staleSince().isEmpty());
    // Registrations are renewed (or made anew when the lease lapsed): both brokers are there.
    eventually().until(() -> watched.view().size() == 2);
    assertAnswered(send(client, 20, "after"), "after");
  }

  private static EtcdRegistry eventuallyConnected(RegistrySettings settings) {
    EtcdRegistry[] connected = new EtcdRegistry[1];
    eventually()
        .ignoreExceptions()
        .until(
            () -> {
              connected[0] = EtcdRegistry.connect(settings);
              return true;
            });
    return connected[0];
  }

  private static List<String> messages(ListAppender<ILoggingEvent> logs) {
    synchronized (logs.list) {
      return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }
}
