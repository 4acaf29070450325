package io.yogurt.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yogurt.broker.client.ClientSettings;
import io.yogurt.broker.client.MdpClient;
import io.yogurt.broker.client.MdpException;
import io.yogurt.broker.client.MdpSyncClient;
import io.yogurt.broker.curve.CurveClient;
import io.yogurt.broker.curve.CurveKeys;
import io.yogurt.broker.mdp.Frames;
import io.yogurt.broker.mdp.Mmi;
import io.yogurt.broker.worker.Handlers;
import io.yogurt.broker.worker.WorkerAgent;
import io.yogurt.broker.worker.WorkerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Brokers that peer, on loopback with real sockets: clients only on A, workers only on B (and C).
 */
class PeeringTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STATE_EVERY = Duration.ofMillis(50);

  @TempDir Path dir;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    // Workers of a dead broker wait out their linger on close: let them all start stopping first.
    closeables.stream()
        .filter(c -> c instanceof WorkerAgent)
        .forEach(c -> ((WorkerAgent) c).stop());
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private <T extends AutoCloseable> T add(T c) {
    closeables.add(c);
    return c;
  }

  private static BrokerSettings settings(String cluster) {
    return BrokerSettings.defaults("tcp://127.0.0.1:0")
        .withHeartbeat(Fixture.HEARTBEAT, 3)
        .withPeering(PeeringSettings.on(cluster).withState(STATE_EVERY, 6));
  }

  private Broker broker(BrokerSettings settings) throws BrokerStartException {
    return add(Broker.start(settings, Fixture.CLOCK));
  }

  private static PeerAddress address(Broker b) {
    return new PeerAddress(b.advertisedEndpoint(), b.stateEndpoint(), b.curvePublicKey());
  }

  /** Every broker learns every other one, as a registry would tell them. */
  private static void meshed(Broker... brokers) {
    List<PeerAddress> all = new ArrayList<>();
    for (Broker b : brokers) {
      all.add(address(b));
    }
    for (Broker b : brokers) {
      b.setPeers(all);
    }
  }

  private WorkerAgent worker(Broker b, String name, Duration serviceTime) {
    WorkerSettings s =
        WorkerSettings.of(b.endpoint(), "echo", name)
            .withHeartbeat(Fixture.HEARTBEAT, 3)
            .withReconnect(Duration.ofMillis(50), Duration.ofMillis(400));
    return add(new WorkerAgent(s, Handlers.sleep(serviceTime), Fixture.CLOCK).start());
  }

  /** One management client per broker, kept: a fresh (CURVE) connection per look costs. */
  private final Map<Broker, MdpSyncClient> managers = new HashMap<>();

  private JsonNode stats(Broker b) {
    return stats(b, null);
  }

  private JsonNode stats(Broker b, CurveClient curve) {
    MdpSyncClient c =
        managers.computeIfAbsent(
            b,
            k ->
                add(
                    new MdpSyncClient(
                        ClientSettings.of(k.endpoint()).withCurve(curve), Fixture.CLOCK)));
    try {
      return JSON.readTree(c.requestFrames(Mmi.STATS, List.of()).get(1));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode peer(JsonNode stats, Broker other) {
    for (JsonNode p : stats.path("peers")) {
      if (p.path("peer").asText().equals(other.advertisedEndpoint())) {
        return p;
      }
    }
    return JSON.createObjectNode();
  }

  private static JsonNode echo(JsonNode stats) {
    for (JsonNode s : stats.path("services")) {
      if (s.path("service").asText().equals("echo")) {
        return s;
      }
    }
    return JSON.createObjectNode();
  }

  private void awaitIdleAdvertised(Broker at, Broker peer, int idle) {
    Fixture.eventually()
        .until(() -> peer(stats(at), peer).path("idle").path("echo").asInt() >= idle);
  }

  /** Sends {@code n} requests through A and checks each gets its own reply, exactly once. */
  private List<CompletableFuture<byte[]>> send(MdpClient client, int n, String tag) {
    List<CompletableFuture<byte[]>> replies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      replies.add(client.request("echo", (tag + i).getBytes(StandardCharsets.UTF_8)));
    }
    return replies;
  }

  private static void assertAnswered(List<CompletableFuture<byte[]>> replies, String tag)
      throws Exception {
    CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    for (int i = 0; i < replies.size(); i++) {
      assertEquals(tag + i, new String(replies.get(i).get(), StandardCharsets.UTF_8));
    }
  }

  private MdpClient client(Broker b) {
    // No retry: a retried request could be answered twice; every reply here is the broker's.
    return add(
        new MdpClient(
            ClientSettings.of(b.endpoint())
                .withTimeout(Duration.ofSeconds(30), 0)
                .withMaxInFlight(16),
            Fixture.CLOCK));
  }

  @Test
  void twoBrokersClientsOnAWorkersOnBEveryRequestIsServedThroughTheHop() throws Exception {
    Broker a = broker(settings("blue"));
    Broker b = broker(settings("blue"));
    meshed(a, b);
    for (int i = 0; i < 3; i++) {
      worker(b, "b-" + i, Duration.ofMillis(2));
    }
    awaitIdleAdvertised(a, b, 3);
    assertAnswered(send(client(a), 300, "r"), "r");
    JsonNode atA = stats(a);
    JsonNode atB = stats(b);
    assertEquals(300, peer(atA, b).path("forwarded").asLong(), atA.toString());
    assertEquals(300, peer(atB, a).path("received").asLong(), atB.toString());
    assertEquals(300, echo(atA).path("arrived").asLong());
    assertEquals(300, echo(atA).path("replied").asLong());
    // B counts what came from a peer apart, so that a pool summed over brokers counts it once.
    assertEquals(0, echo(atB).path("arrived").asLong());
    assertEquals(300, echo(atB).path("fromPeers").asLong());
  }

  @Test
  void threeBrokersClientsOnAWorkersOnBAndCShareTheLoad() throws Exception {
    Broker a = broker(settings("blue"));
    Broker b = broker(settings("blue"));
    Broker c = broker(settings("blue"));
    meshed(a, b, c);
    for (int i = 0; i < 2; i++) {
      worker(b, "b-" + i, Duration.ofMillis(5));
      worker(c, "c-" + i, Duration.ofMillis(5));
    }
    awaitIdleAdvertised(a, b, 2);
    awaitIdleAdvertised(a, c, 2);
    assertAnswered(send(client(a), 400, "t"), "t");
    JsonNode atA = stats(a);
    long viaB = peer(atA, b).path("forwarded").asLong();
    long viaC = peer(atA, c).path("forwarded").asLong();
    assertEquals(400, viaB + viaC, atA.toString());
    assertTrue(viaB > 0 && viaC > 0, "both peers served: " + atA);
    assertEquals(viaB, peer(stats(b), a).path("received").asLong());
    assertEquals(viaC, peer(stats(c), a).path("received").asLong());
    // B never forwards what A sent it to C: one hop at most.
    assertEquals(0, peer(stats(b), c).path("forwarded").asLong());
  }

  @Test
  void killingBUnderLoadLosesNoRequestAndAServesOnceWorkersMoveToA() throws Exception {
    Broker a = broker(settings("blue"));
    Broker b = broker(settings("blue"));
    meshed(a, b);
    for (int i = 0; i < 4; i++) {
      worker(b, "b-" + i, Duration.ofMillis(50));
    }
    awaitIdleAdvertised(a, b, 4);
    MdpClient client = client(a);
    List<CompletableFuture<byte[]>> replies = send(client, 100, "k");
    // Killed mid-request: its four workers each hold one of A's requests (50 ms each).
    Fixture.eventually()
        .until(() -> replies.stream().filter(CompletableFuture::isDone).count() > 20);
    b.close();
    // B's requests come back to A's queue once B is silent; workers moving to A serve them.
    Fixture.eventually().until(() -> echo(stats(a)).path("returned").asLong() > 0);
    for (int i = 0; i < 4; i++) {
      worker(a, "a-" + i, Duration.ofMillis(5));
    }
    assertAnswered(replies, "k");
    JsonNode atA = stats(a);
    assertEquals(100, echo(atA).path("replied").asLong(), atA.toString());
    assertEquals("silent", peer(atA, b).path("state").asText());
  }

  @Test
  void aPeerOfAnotherClusterIsRefusedAndLoggedOnce() throws Exception {
    ListAppender<ILoggingEvent> logs = capture(Peering.class);
    Broker a = broker(settings("blue").withRequestExpiry(Duration.ofMillis(600)));
    Broker b = broker(settings("red"));
    meshed(a, b);
    worker(b, "b-0", Duration.ofMillis(1));
    Fixture.eventually().until(() -> peer(stats(a), b).path("state").asText().equals("refused"));
    try (MdpSyncClient c =
        new MdpSyncClient(
            ClientSettings.of(a.endpoint()).withTimeout(Duration.ofSeconds(5), 0), Fixture.CLOCK)) {
      MdpException e = assertThrows(MdpException.class, () -> c.request("echo", Frames.text("x")));
      assertEquals("504", e.code(), "not forwarded to the other cluster: expired at A");
    }
    // B's state kept coming while the request waited (every 50 ms): named once all the same.
    assertEquals(1, count(logs, "its cluster is 'red'"), messages(logs));
    assertEquals(0, peer(stats(b), a).path("received").asLong());
  }

  @Test
  void aPeerWithAnUnknownCurveKeyIsRefusedLoggedOnceAndItsRequestsServedAtHome() throws Exception {
    ListAppender<ILoggingEvent> logs = capture(Peering.class);
    for (String name : List.of("a", "b", "stranger", "worker", "client")) {
      CurveKeys.generate().save(dir, name);
    }
    Path bPeers = Files.createDirectories(dir.resolve("b-peers"));
    Files.copy(dir.resolve("stranger.key"), bPeers.resolve("stranger.key"));
    Broker a = broker(curved(settings("blue"), "a", ""));
    Broker b = broker(curved(settings("blue"), "b", bPeers.toString()));
    meshed(a, b);
    String bKey = b.curvePublicKey();
    WorkerSettings ws =
        WorkerSettings.of(b.endpoint(), "echo", "b-0")
            .withHeartbeat(Fixture.HEARTBEAT, 3)
            .withCurve(new CurveClient(CurveKeys.load(dir.resolve("worker.key_secret")), bKey));
    add(new WorkerAgent(ws, Handlers.sleep(Duration.ofMillis(1)), Fixture.CLOCK).start());
    String aKey = a.curvePublicKey();
    CurveClient asClient = new CurveClient(CurveKeys.load(dir.resolve("client.key_secret")), aKey);
    Fixture.eventually()
        .until(() -> peer(curvedStats(a, asClient), b).path("idle").path("echo").asInt() >= 1);
    MdpClient client =
        add(
            new MdpClient(
                ClientSettings.of(a.endpoint())
                    .withTimeout(Duration.ofSeconds(30), 0)
                    .withCurve(asClient),
                Fixture.CLOCK));
    List<CompletableFuture<byte[]>> replies = send(client, 5, "u");
    Fixture.eventually()
        .until(() -> peer(curvedStats(a, asClient), b).path("state").asText().equals("refused"));
    WorkerSettings home =
        WorkerSettings.of(a.endpoint(), "echo", "a-0")
            .withHeartbeat(Fixture.HEARTBEAT, 3)
            .withCurve(new CurveClient(CurveKeys.load(dir.resolve("worker.key_secret")), aKey));
    add(new WorkerAgent(home, Handlers.echo(), Fixture.CLOCK).start());
    assertAnswered(replies, "u");
    assertEquals(1, count(logs, "refused: CURVE key"), messages(logs));
    assertEquals(1, count(logs, "refused our requests"), messages(logs));
  }

  private BrokerSettings curved(BrokerSettings s, String name, String peerKeys) {
    return s.withCurve(
            new CurveSettings(true, dir.resolve(name + ".key_secret").toString(), "", ""))
        .withManagement("any")
        .withPeering(s.peering().withPeerKeys(peerKeys));
  }

  private JsonNode curvedStats(Broker b, CurveClient curve) {
    return stats(b, curve);
  }

  private static ListAppender<ILoggingEvent> capture(Class<?> type) {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    ((Logger) LoggerFactory.getLogger(type)).addAppender(appender);
    return appender;
  }

  private static long count(ListAppender<ILoggingEvent> logs, String text) {
    synchronized (logs.list) {
      return logs.list.stream().filter(e -> e.getFormattedMessage().contains(text)).count();
    }
  }

  private static String messages(ListAppender<ILoggingEvent> logs) {
    synchronized (logs.list) {
      return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList().toString();
    }
  }
}
