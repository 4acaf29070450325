package io.yogurt.rabbitmq.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.broker.worker.Handler;
import io.yogurt.broker.worker.Handlers;
import io.yogurt.models.ManualClock;
import io.yogurt.rabbitmq.AmqpEndpoint;
import io.yogurt.rabbitmq.RabbitPoolSettings;
import io.yogurt.rabbitmq.TestServer;
import io.yogurt.rabbitmq.client.RpcClient;
import io.yogurt.rabbitmq.client.RpcClient.Reply;
import io.yogurt.rabbitmq.probe.RabbitProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The RPC worker against a real RabbitMQ: replies, drains, reconnects, TLS. */
@Tag("rabbitmq")
class RpcWorkerTest {

  private final String queue = TestServer.freshName("worker");
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<RpcWorker> workers = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    workers.forEach(w -> w.stop(Duration.ofSeconds(10)));
    TestServer.delete(queue);
  }

  private RpcWorker start(RpcWorkerSettings settings, Handler handler) {
    RpcWorker w = new RpcWorker(settings, handler).start();
    workers.add(w);
    await().atMost(Duration.ofSeconds(20)).until(w::consuming);
    return w;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void answersOnReplyToWithTheCorrelationIdThenAcks() throws Exception {
    TestServer.declare(queue);
    RpcWorker w = start(RpcWorkerSettings.of(TestServer.endpoint(), queue, "w-0"), Handlers.echo());
    try (RpcClient client =
        new RpcClient(TestServer.endpoint(), queue, Duration.ofSeconds(10), clock)) {
      List<CompletableFuture<Reply>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        calls.add(client.call(bytes("hello " + i)));
      }
      for (int i = 0; i < 20; i++) {
        Reply r = calls.get(i).get(10, TimeUnit.SECONDS);
        assertEquals("hello " + i, r.text(), "each reply matched to its request");
        assertFalse(r.error());
      }
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> w.handled() == 20);
    assertEquals(0, TestServer.messageCount(queue));
  }

  @Test
  void aFailingHandlerGetsAnErrorReplyNotSilence() throws Exception {
    TestServer.declare(queue);
    start(
        RpcWorkerSettings.of(TestServer.endpoint(), queue, "w-0"),
        request -> {
          throw new IllegalStateException("boom");
        });
    try (RpcClient client =
        new RpcClient(TestServer.endpoint(), queue, Duration.ofSeconds(10), clock)) {
      Reply r = client.call(bytes("x")).get(10, TimeUnit.SECONDS);
      assertTrue(r.error());
      assertTrue(r.text().contains("boom"), r.text());
    }
  }

  @Test
  void aDrainFinishesAndAcksEverythingItHoldsThenStops() throws Exception {
    TestServer.declare(queue);
    CountDownLatch gate = new CountDownLatch(1);
    RpcWorker w =
        start(
            RpcWorkerSettings.of(TestServer.endpoint(), queue, "w-0").withPrefetch(5),
            request -> {
              gate.await();
              return request;
            });
    try (RpcClient client =
        new RpcClient(TestServer.endpoint(), queue, Duration.ofSeconds(30), clock)) {
      List<CompletableFuture<Reply>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(client.call(bytes("r" + i)));
      }
      // Five held by the worker (prefetch), three ready in the queue.
      await().atMost(Duration.ofSeconds(10)).until(() -> TestServer.messageCount(queue) == 3);
      w.stop();
      // The consumer is cancelled at once, while the five it holds are still being handled.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> TestServer.queue(queue).path("consumers").asInt(-1) == 0);
      assertFalse(w.terminated().isDone(), "still finishing what it holds");
      gate.countDown();
      assertTrue(w.awaitTermination(Duration.ofSeconds(20)), "stopped after its deliveries");
      for (int i = 0; i < 5; i++) {
        assertEquals("r" + i, calls.get(i).get(10, TimeUnit.SECONDS).text());
      }
      assertEquals(5, w.handled());
      assertEquals(3, TestServer.messageCount(queue), "the rest wait for another worker");
      RpcWorker next =
          start(RpcWorkerSettings.of(TestServer.endpoint(), queue, "w-1"), Handlers.echo());
      for (int i = 5; i < 8; i++) {
        assertEquals("r" + i, calls.get(i).get(10, TimeUnit.SECONDS).text());
      }
      assertEquals(3, next.handled());
    }
  }

  @Test
  void theLoopsDrainReachesTheWorkerThroughItsControlQueue() throws Exception {
    TestServer.declare(queue);
    RpcWorker w =
        start(RpcWorkerSettings.of(TestServer.endpoint(), queue, "w-ctl-0"), Handlers.echo());
    RabbitPoolSettings pool =
        new RabbitPoolSettings(
            "rpc",
            "rpc",
            TestServer.endpoint(),
            queue,
            TestServer.managementUrl(),
            Duration.ofSeconds(2),
            1,
            false);
    try (RabbitProbe probe = new RabbitProbe(List.of(pool), RabbitProbe.Roster.NONE)) {
      assertFalse(probe.drain("no-such-worker"), "no broker knew it");
      assertTrue(probe.drain("w-ctl-0"));
      assertTrue(w.terminated().get(20, TimeUnit.SECONDS), "drained by its control queue");
    }
  }

  @Test
  void reconnectsWhenTheConnectionIsCut() throws Exception {
    TestServer.declare(queue);
    RpcWorker w =
        start(
            RpcWorkerSettings.of(TestServer.endpoint(), queue, "w-cut-0")
                .withReconnect(Duration.ofMillis(100), Duration.ofSeconds(1)),
            Handlers.echo());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> TestServer.closeConnectionsNamed("yogurt-worker w-cut-0") == 1);
    try (RpcClient client =
        new RpcClient(TestServer.endpoint(), queue, Duration.ofSeconds(20), clock)) {
      assertEquals("again", client.call(bytes("again")).get(20, TimeUnit.SECONDS).text());
    }
    assertEquals(1, w.handled());
  }

  @Test
  void waitsForAMissingQueueUnlessToldToDeclareIt() throws Exception {
    RpcWorker waiting =
        new RpcWorker(
                RpcWorkerSettings.of(TestServer.endpoint(), queue, "w-0")
                    .withReconnect(Duration.ofMillis(100), Duration.ofMillis(200)),
                Handlers.echo())
            .start();
    workers.add(waiting);
    RpcWorker declaring =
        start(
            RpcWorkerSettings.of(TestServer.endpoint(), queue, "w-1").withDeclareQueue(true),
            Handlers.echo());
    assertTrue(declaring.consuming());
    await().atMost(Duration.ofSeconds(20)).until(waiting::consuming);
  }

  @Test
  void overTlsWithTheServersCa() throws Exception {
    TestServer.declare(queue);
    AmqpEndpoint tls = TestServer.tlsEndpoint();
    assertTrue(tls.tls());
    start(RpcWorkerSettings.of(tls, queue, "w-tls-0"), Handlers.echo());
    try (RpcClient client = new RpcClient(tls, queue, Duration.ofSeconds(10), clock)) {
      assertEquals("secret", client.call(bytes("secret")).get(10, TimeUnit.SECONDS).text());
    }
  }
}
