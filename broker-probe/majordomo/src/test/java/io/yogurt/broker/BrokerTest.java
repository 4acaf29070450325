package io.yogurt.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.broker.client.MdpClient;
import io.yogurt.broker.client.MdpException;
import io.yogurt.broker.client.MdpSyncClient;
import io.yogurt.broker.mdp.Frames;
import io.yogurt.broker.mdp.MdpVersion;
import io.yogurt.broker.worker.Handlers;
import io.yogurt.broker.worker.WorkerAgent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BrokerTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void echoesThroughTheBrokerWithTheSyncClient() throws Exception {
    try (Fixture f = new Fixture()) {
      assertTrue(f.endpoint().matches("tcp://127\\.0\\.0\\.1:\\d+"), f.endpoint());
      f.worker("echo", "echo-1", Handlers.echo());
      MdpSyncClient client = f.add(new MdpSyncClient(f.client(), Fixture.CLOCK));
      assertArrayEquals(b("hello"), client.request("echo", b("hello")));
      assertEquals(
          List.of("a", "b"),
          client.requestFrames("echo", List.of(b("a"), b("b"))).stream()
              .map(Frames::string)
              .toList());
    }
  }

  @Test
  void asyncClientGetsEveryReplyFromSeveralWorkersAndThreads() throws Exception {
    try (Fixture f = new Fixture()) {
      for (int i = 0; i < 3; i++) {
        f.worker("echo", "echo-" + i, Handlers.echo());
      }
      MdpClient client = f.add(new MdpClient(f.client().withMaxInFlight(16), Fixture.CLOCK));
      List<CompletableFuture<byte[]>> replies = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      List<List<CompletableFuture<byte[]>>> perThread = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        List<CompletableFuture<byte[]>> mine = new ArrayList<>();
        perThread.add(mine);
        int thread = t;
        threads.add(
            new Thread(
                () -> {
                  for (int i = 0; i < 500; i++) {
                    mine.add(client.request("echo", b(thread + ":" + i)));
                  }
                }));
      }
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join();
      }
      perThread.forEach(replies::addAll);
      CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      for (int t = 0; t < 4; t++) {
        for (int i = 0; i < 500; i++) {
          assertEquals(t + ":" + i, Frames.string(perThread.get(t).get(i).get()));
        }
      }
    }
  }

  @Test
  void speaksMdp02WithWorkersAndClients() throws Exception {
    try (Fixture f = new Fixture()) {
      f.worker(f.workerSettings("echo", "v2-worker").withVersion(MdpVersion.V02), Handlers.echo());
      MdpSyncClient v1 = f.add(new MdpSyncClient(f.client(), Fixture.CLOCK));
      MdpSyncClient v2 =
          f.add(new MdpSyncClient(f.client().withVersion(MdpVersion.V02), Fixture.CLOCK));
      assertArrayEquals(b("one"), v1.request("echo", b("one")));
      assertArrayEquals(b("two"), v2.request("echo", b("two")));
    }
  }

  @Test
  void queuedRequestWithoutWorkerExpiresWithAnErrorReply() throws Exception {
    BrokerSettings s =
        BrokerSettings.defaults("tcp://127.0.0.1:0")
            .withHeartbeat(Fixture.HEARTBEAT, 3)
            .withRequestExpiry(Duration.ofMillis(200));
    try (Fixture f = new Fixture(s)) {
      MdpSyncClient client = f.add(new MdpSyncClient(f.client(), Fixture.CLOCK));
      MdpException e = assertThrows(MdpException.class, () -> client.request("nobody", b("x")));
      assertEquals("504", e.code());
    }
  }

  @Test
  void answersMmiServiceAndRefusesUnknownMmi() throws Exception {
    try (Fixture f = new Fixture()) {
      f.worker("echo", "echo-1", Handlers.echo());
      MdpSyncClient client = f.add(new MdpSyncClient(f.client(), Fixture.CLOCK));
      Fixture.eventually()
          .until(() -> "200".equals(Frames.string(client.request("mmi.service", b("echo")))));
      assertEquals("404", Frames.string(client.request("mmi.service", b("nothing"))));
      assertEquals("501", Frames.string(client.request("mmi.bogus", b(""))));
    }
  }

  @Test
  void bindingAPortInUseSaysSo() throws Exception {
    try (Fixture f = new Fixture()) {
      BrokerStartException e =
          assertThrows(
              BrokerStartException.class,
              () -> Broker.start(BrokerSettings.defaults(f.endpoint()), Fixture.CLOCK));
      assertEquals("cannot bind " + f.endpoint() + ": address in use", e.getMessage());
    }
  }

  @Test
  void drainedIdleWorkerIsDisconnectedAndStops() throws Exception {
    try (Fixture f = new Fixture()) {
      WorkerAgent w = f.worker("echo", "echo-drain", Handlers.echo());
      MdpSyncClient client = f.add(new MdpSyncClient(f.client(), Fixture.CLOCK));
      assertArrayEquals(b("x"), client.request("echo", b("x")));
      List<byte[]> reply = client.requestFrames("mmi.drain", List.of(b("echo-drain")));
      assertEquals("200", Frames.string(reply.get(0)));
      assertTrue(Frames.string(reply.get(1)).contains("\"state\":\"disconnected\""));
      assertTrue(w.awaitTermination(Duration.ofSeconds(5)));
      assertTrue(w.drainedByBroker());
      assertEquals(
          "404", Frames.string(client.requestFrames("mmi.drain", List.of(b("echo-drain"))).get(0)));
    }
  }

  @Test
  void workerStopFinishesTheRequestInFlight() throws Exception {
    try (Fixture f = new Fixture()) {
      WorkerAgent w = f.worker("slow", "slow-1", Handlers.sleep(Duration.ofMillis(300)));
      MdpClient client = f.add(new MdpClient(f.client(), Fixture.CLOCK));
      MdpSyncClient mgmt = f.add(new MdpSyncClient(f.client(), Fixture.CLOCK));
      Fixture.eventually()
          .until(() -> "200".equals(Frames.string(mgmt.request("mmi.service", b("slow")))));
      CompletableFuture<byte[]> reply = client.request("slow", b("work"));
      Fixture.eventually()
          .until(
              () ->
                  Frames.string(mgmt.requestFrames("mmi.workers", List.of()).get(1))
                      .contains("BUSY"));
      assertTrue(w.stop(Duration.ofSeconds(5)));
      assertArrayEquals(b("work"), reply.get(15, TimeUnit.SECONDS));
      assertFalse(w.drainedByBroker());
    }
  }
}
