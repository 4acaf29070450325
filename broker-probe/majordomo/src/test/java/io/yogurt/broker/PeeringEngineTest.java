package io.yogurt.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.broker.mdp.Frames;
import io.yogurt.models.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Peering in the broker's state machine, message by message, on a hand-moved clock. */
class PeeringEngineTest {

  private static final String SELF = "tcp://a:1";
  private static final String PEER_B = "tcp://b:1";
  private static final String PEER_C = "tcp://c:1";

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<String> sent = new ArrayList<>();
  private final List<String> toPeers = new ArrayList<>();
  private final List<String> published = new ArrayList<>();
  private final List<String> resets = new ArrayList<>();
  private final BrokerSettings settings =
      BrokerSettings.defaults("tcp://127.0.0.1:0")
          .withPeering(PeeringSettings.on("blue").withState(Duration.ofMillis(250), 4));
  private BrokerEngine engine;

  @BeforeEach
  void start() {
    engine = new BrokerEngine(settings, clock, (id, f) -> sent.add(line(id, f)));
    engine
        .enablePeering(
            new PeerOutbound() {
              @Override
              public void publish(List<byte[]> frames) {
                published.add(line(null, frames));
              }

              @Override
              public void toPeer(String endpoint, List<byte[]> frames) {
                toPeers.add(endpoint + line(null, frames));
              }

              @Override
              public void resetPeer(String endpoint) {
                resets.add(endpoint);
              }
            },
            SELF)
        .setPeers(
            List.of(PeerAddress.of(PEER_B, "tcp://b:2"), PeerAddress.of(PEER_C, "tcp://c:2")));
  }

  private static String line(byte[] identity, List<byte[]> frames) {
    StringBuilder b = new StringBuilder(identity == null ? "" : Frames.printable(identity));
    for (byte[] f : frames) {
      b.append('|').append(f.length == 1 && f[0] < 10 ? "#" + f[0] : Frames.string(f));
    }
    return b.toString();
  }

  private static List<byte[]> frames(String... parts) {
    List<byte[]> out = new ArrayList<>();
    for (String p : parts) {
      out.add(p.startsWith("#") ? new byte[] {Byte.parseByte(p.substring(1))} : Frames.text(p));
    }
    return out;
  }

  private void state(String peer, String cluster, String incarnation, String idleJson) {
    engine.peering().onState(peer, frames("YSTATE01", cluster, peer, incarnation, idleJson));
  }

  private void client(String id, String service, String body) {
    engine.onMessage(frames(id, "", "MDPC01", service, body), PeerInfo.LOCAL);
  }

  private String lastSent() {
    return sent.get(sent.size() - 1);
  }

  @Test
  void requestWithoutIdleWorkerGoesToThePeerWithTheMostIdleAndTheReplyIsRelayed() {
    state(PEER_B, "blue", "b1", "{\"echo\":1}");
    state(PEER_C, "blue", "c1", "{\"echo\":3}");
    client("c1", "echo", "hello");
    assertEquals(List.of(PEER_C + "|YPEER01|REQ|blue|" + SELF + "|1|echo|hello"), toPeers);
    engine.peering().onPeerAnswer(PEER_C, frames("YPEER01", "REP", "1", "HELLO"));
    assertEquals("c1||MDPC01|echo|HELLO", lastSent());
    ServiceState s = engine.services.get("echo");
    assertEquals(1, s.arrived);
    assertEquals(1, s.forwarded);
    assertEquals(1, s.replied);
  }

  @Test
  void noPeerCapacityMeansTheRequestWaitsHereUntilSomeIsAdvertised() {
    state(PEER_B, "blue", "b1", "{\"echo\":0}");
    client("c1", "echo", "x");
    assertTrue(toPeers.isEmpty());
    state(PEER_B, "blue", "b1", "{\"echo\":2}");
    assertEquals(1, toPeers.size());
  }

  @Test
  void creditIsSpentUntilTheNextStateMessage() {
    state(PEER_B, "blue", "b1", "{\"echo\":2}");
    for (int i = 0; i < 5; i++) {
      client("c" + i, "echo", "x" + i);
    }
    assertEquals(2, toPeers.size());
    assertEquals(3, engine.services.get("echo").queue.size());
  }

  @Test
  void aRequestFromAPeerIsServedHereAndNeverForwardedAgain() {
    state(PEER_B, "blue", "b1", "{\"echo\":5}");
    engine.onMessage(
        frames("peerC", "YPEER01", "REQ", "blue", PEER_C, "7", "echo", "via-c"), PeerInfo.LOCAL);
    assertTrue(toPeers.isEmpty(), "one hop at most");
    ServiceState s = engine.services.get("echo");
    assertEquals(0, s.arrived);
    assertEquals(1, s.fromPeers);
    engine.onMessage(frames("w1", "", "MDPW01", "#1", "echo"), PeerInfo.LOCAL);
    assertEquals("w1||MDPW01|#2|peerC||via-c", lastSent());
    engine.onMessage(frames("w1", "", "MDPW01", "#3", "peerC", "", "done"), PeerInfo.LOCAL);
    assertEquals("peerC|YPEER01|REP|7|done", lastSent());
  }

  @Test
  void aSilentPeerGivesItsRequestsBackAndALateReplyIsDropped() {
    state(PEER_B, "blue", "b1", "{\"echo\":2}");
    client("c1", "echo", "one");
    client("c2", "echo", "two");
    assertEquals(2, toPeers.size());
    clock.advance(Duration.ofMillis(1001));
    engine.onTick();
    ServiceState s = engine.services.get("echo");
    assertEquals(2, s.returned);
    assertEquals(List.of(PEER_B), resets);
    // Back at the front, oldest first; a local worker takes them in order.
    engine.onMessage(frames("w1", "", "MDPW01", "#1", "echo"), PeerInfo.LOCAL);
    assertEquals("w1||MDPW01|#2|c1||one", lastSent());
    int before = sent.size();
    engine.peering().onPeerAnswer(PEER_B, frames("YPEER01", "REP", "1", "late"));
    assertEquals(before, sent.size(), "no second reply to the client");
    // A returned request stays here even when the peer is back with capacity.
    state(PEER_B, "blue", "b1", "{\"echo\":5}");
    assertEquals(2, toPeers.size());
  }

  @Test
  void aPeerThatRestartedGivesBackWhatItsFormerSelfHeld() {
    state(PEER_B, "blue", "b1", "{\"echo\":1}");
    client("c1", "echo", "one");
    state(PEER_B, "blue", "b2", "{\"echo\":1}");
    assertEquals(1, engine.services.get("echo").returned);
    assertEquals(1, engine.services.get("echo").queue.size());
  }

  @Test
  void anotherClustersStateIsIgnoredAndItsRequestsRefused() {
    state(PEER_B, "red", "b1", "{\"echo\":9}");
    client("c1", "echo", "x");
    assertTrue(toPeers.isEmpty());
    engine.onMessage(
        frames("x", "YPEER01", "REQ", "red", "tcp://x:1", "3", "echo", "x"), PeerInfo.LOCAL);
    assertEquals("x|YPEER01|NAK|3|cluster 'red' is not 'blue'", lastSent());
  }

  @Test
  void aRefusalBringsTheRequestBackAndStopsForwardingToThatPeer() {
    state(PEER_B, "blue", "b1", "{\"echo\":3}");
    client("c1", "echo", "x");
    engine.peering().onPeerAnswer(PEER_B, frames("YPEER01", "NAK", "1", "CURVE key unknown"));
    assertEquals(1, engine.services.get("echo").queue.size());
    client("c2", "echo", "y");
    assertEquals(1, toPeers.size());
    String stats = new String(Management.json(engine.management().stats("")));
    assertTrue(stats.contains("\"state\":\"refused\""), stats);
  }

  @Test
  void theStateFlowAdvertisesIdleWorkersPerService() {
    engine.onMessage(frames("w1", "", "MDPW01", "#1", "echo"), PeerInfo.LOCAL);
    engine.onMessage(frames("w2", "", "MDPW01", "#1", "echo"), PeerInfo.LOCAL);
    engine.onMessage(frames("w3", "", "MDPW01", "#1", "sum"), PeerInfo.LOCAL);
    client("c1", "sum", "1");
    clock.advance(Duration.ofMillis(300));
    engine.onTick();
    String last = published.get(published.size() - 1);
    assertTrue(
        last.matches("\\|YSTATE01\\|blue\\|tcp://a:1\\|[-0-9a-f]+\\|\\{\"echo\":2,\"sum\":0}"),
        last);
  }

  @Test
  void statsCountForwardedAndReceivedPerPeer() {
    state(PEER_B, "blue", "b1", "{\"echo\":1}");
    client("c1", "echo", "x");
    engine.onMessage(
        frames("pc", "YPEER01", "REQ", "blue", PEER_C, "1", "echo", "y"), PeerInfo.LOCAL);
    String stats = new String(Management.json(engine.management().stats("")));
    assertTrue(stats.contains("\"cluster\":\"blue\""), stats);
    assertTrue(stats.contains("{\"peer\":\"tcp://b:1\",\"state\":\"up\""), stats);
    assertTrue(stats.contains("\"forwarded\":1,\"received\":0"), stats);
    assertTrue(stats.contains("\"forwarded\":0,\"received\":1"), stats);
  }
}
