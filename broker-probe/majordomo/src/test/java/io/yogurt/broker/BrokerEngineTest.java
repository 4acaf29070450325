package io.yogurt.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.broker.mdp.Frames;
import io.yogurt.broker.mdp.Framing;
import io.yogurt.broker.mdp.MdpVersion;
import io.yogurt.broker.mdp.WorkerCommand;
import io.yogurt.models.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The broker's state machine, message by message, on a hand-moved clock. */
class BrokerEngineTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<String> sent = new ArrayList<>();
  private final BrokerSettings settings =
      BrokerSettings.defaults("tcp://127.0.0.1:0").withRequestExpiry(Duration.ofSeconds(30));
  private BrokerEngine engine = new BrokerEngine(settings, clock, this::record);

  private void record(byte[] identity, List<byte[]> frames) {
    StringBuilder line = new StringBuilder(Frames.printable(identity));
    for (byte[] f : frames) {
      line.append('|').append(f.length == 1 && f[0] < 10 ? "#" + f[0] : Frames.string(f));
    }
    sent.add(line.toString());
  }

  private static List<byte[]> frames(String... parts) {
    List<byte[]> out = new ArrayList<>();
    for (String p : parts) {
      out.add(p.startsWith("#") ? new byte[] {Byte.parseByte(p.substring(1))} : Frames.text(p));
    }
    return out;
  }

  private void worker(String id, String... rest) {
    List<String> parts = new ArrayList<>(List.of(id, "", "MDPW01"));
    parts.addAll(List.of(rest));
    engine.onMessage(frames(parts.toArray(String[]::new)), PeerInfo.LOCAL);
  }

  private void client(String id, PeerInfo peer, String service, String... body) {
    List<String> parts = new ArrayList<>(List.of(id, "", "MDPC01", service));
    parts.addAll(List.of(body));
    engine.onMessage(frames(parts.toArray(String[]::new)), peer);
  }

  private String last() {
    return sent.get(sent.size() - 1);
  }

  @Test
  void busyWorkerThatDiesHasItsRequestRequeuedOnceThenFailed() {
    worker("w1", "#1", "echo");
    client("c1", PeerInfo.LOCAL, "echo", "job");
    assertEquals("w1||MDPW01|#2|c1||job", last());
    worker("w2", "#1", "echo");
    clock.advance(settings.expiry().plusMillis(1));
    // w2 is silent too but registered later: only w1 is past its expiry when w2 spoke last.
    worker("w2", "#4");
    engine.onTick();
    assertEquals(
        "w2||MDPW01|#2|c1||job",
        sent.stream().filter(s -> s.startsWith("w2||MDPW01|#2")).findFirst().orElseThrow());
    clock.advance(settings.expiry().plusMillis(1));
    engine.onTick();
    assertEquals(
        "c1||MDPC01|echo|YOGURT-ERROR|503|the workers handling this request were lost twice (expired)",
        last());
    ServiceState s = engine.services.get("echo");
    assertEquals(1, s.requeued);
    assertEquals(1, s.failed);
  }

  @Test
  void queuedRequestExpiresWithAnErrorReply() {
    client("c1", PeerInfo.LOCAL, "nobody", "x");
    clock.advance(Duration.ofSeconds(31));
    engine.onTick();
    assertTrue(last().startsWith("c1||MDPC01|nobody|YOGURT-ERROR|504|"), last());
    assertEquals(1, engine.services.get("nobody").expired);
  }

  @Test
  void workerRegisteringAnMmiServiceIsDisconnected() {
    worker("w1", "#1", "mmi.stats");
    assertEquals("w1||MDPW01|#5", last());
    assertTrue(engine.workers.isEmpty());
  }

  @Test
  void drainingBusyWorkerGetsNoNewWorkAndIsDisconnectedAfterItsReply() {
    worker("w1", "#1", "echo");
    client("c1", PeerInfo.LOCAL, "echo", "one");
    client("m", PeerInfo.LOCAL, "mmi.drain", "w1");
    assertEquals("m||MDPC01|mmi.drain|200|{\"worker\":\"w1\",\"state\":\"draining\"}", last());
    client("c2", PeerInfo.LOCAL, "echo", "two");
    worker("w1", "#3", "c1", "", "one");
    assertEquals("c1||MDPC01|echo|one", sent.get(sent.size() - 2));
    assertEquals("w1||MDPW01|#5|drained", last());
    // A drained worker that comes back is turned away.
    worker("w1", "#1", "echo");
    assertEquals("w1||MDPW01|#5|drained", last());
    assertEquals(1, engine.services.get("echo").queue.size());
  }

  @Test
  void workerThatDisconnectsMidRequestHasItsRequestRequeued() {
    worker("w1", "#1", "echo");
    client("c1", PeerInfo.LOCAL, "echo", "job");
    worker("w1", "#5");
    worker("w2", "#1", "echo");
    assertEquals("w2||MDPW01|#2|c1||job", last());
  }

  @Test
  void lateReplyFromAnUnknownWorkerIsDroppedAndTheWorkerToldToReconnect() {
    worker("ghost", "#3", "c1", "", "late");
    assertEquals("ghost||MDPW01|#5", last());
    assertEquals(1, sent.size());
  }

  @Test
  void managementIsLoopbackOnlyByDefault() {
    client("m", new PeerInfo("10.1.2.3", ""), "mmi.stats");
    assertTrue(last().startsWith("m||MDPC01|mmi.stats|403|"), last());
    client("m", new PeerInfo("127.0.0.1", ""), "mmi.stats");
    assertTrue(last().startsWith("m||MDPC01|mmi.stats|200|"), last());
    // mmi.service is RFC 8 and open to every client.
    client("m", new PeerInfo("10.1.2.3", ""), "mmi.service", "echo");
    assertEquals("m||MDPC01|mmi.service|404", last());
  }

  @Test
  void curveAllowListGuardsManagement() {
    engine = new BrokerEngine(settings.withManagement("curve-allowlist"), clock, this::record);
    engine.management().allowKeys(Set.of("K".repeat(40)));
    client("m", new PeerInfo("10.1.2.3", "X".repeat(40)), "mmi.workers");
    assertTrue(last().contains("|403|"), last());
    client("m", new PeerInfo("10.1.2.3", "K".repeat(40)), "mmi.workers");
    assertTrue(last().contains("|200|"), last());
  }

  @Test
  void answersEachPeerInItsOwnFraming() {
    engine.onMessage(frames("w2", "MDPW02", "#1", "echo"), PeerInfo.LOCAL);
    engine.onMessage(frames("c2", "MDPC02", "#1", "echo", "hi"), PeerInfo.LOCAL);
    assertEquals("w2|MDPW02|#2|c2||hi", last());
    engine.onMessage(frames("w2", "MDPW02", "#3", "c2", "", "part"), PeerInfo.LOCAL);
    assertEquals("c2|MDPC02|#2|echo|part", last());
    engine.onMessage(frames("w2", "MDPW02", "#4", "c2", "", "done"), PeerInfo.LOCAL);
    assertEquals("c2|MDPC02|#3|echo|done", last());
    // A 0.2 client that keeps the empty delimiter gets it back.
    engine.onMessage(frames("c3", "", "MDPC02", "#1", "echo", "x"), PeerInfo.LOCAL);
    engine.onMessage(frames("w2", "MDPW02", "#4", "c3", "", "y"), PeerInfo.LOCAL);
    assertEquals("c3||MDPC02|#3|echo|y", last());
  }

  @Test
  void malformedMessagesAreCountedAndIgnored() {
    engine.onMessage(frames("x"), PeerInfo.LOCAL);
    engine.onMessage(frames("x", ""), PeerInfo.LOCAL);
    engine.onMessage(frames("x", "", "HELLO"), PeerInfo.LOCAL);
    engine.onMessage(frames("x", "MDPC02", "#9", "echo"), PeerInfo.LOCAL);
    engine.onMessage(frames("x", "", "MDPW01", "#9"), PeerInfo.LOCAL);
    engine.onMessage(frames("x", "", "MDPW01", "#3", "c1", "notempty"), PeerInfo.LOCAL);
    assertEquals(5, engine.malformed);
    assertTrue(sent.size() <= 1, sent.toString());
  }

  @Test
  void framingBuildsWorkerCommandsWithTheRightCodes() {
    assertEquals(
        4, new Framing(MdpVersion.V02, false).toWorker(WorkerCommand.FINAL, List.of()).get(1)[0]);
    assertEquals(3, Framing.V01.toWorker(WorkerCommand.FINAL, List.of()).get(2)[0]);
  }
}
