package io.yogurt.rabbitmq.probe;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.broker.worker.Handlers;
import io.yogurt.models.BrokerReading;
import io.yogurt.models.ManualClock;
import io.yogurt.models.Observation;
import io.yogurt.models.ServiceLoad;
import io.yogurt.models.WorkerStatus;
import io.yogurt.rabbitmq.AmqpEndpoint;
import io.yogurt.rabbitmq.RabbitPoolSettings;
import io.yogurt.rabbitmq.TestServer;
import io.yogurt.rabbitmq.client.RpcClient;
import io.yogurt.rabbitmq.worker.RpcWorker;
import io.yogurt.rabbitmq.worker.RpcWorkerSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The probe against a real RabbitMQ: figures, workers by consumer tag, bad input, the fallback. */
@Tag("rabbitmq")
class RabbitProbeTest {

  private final String queue = TestServer.freshName("probe");
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  @AfterEach
  void deleteQueue() {
    TestServer.delete(queue);
  }

  static RabbitPoolSettings pool(String name, AmqpEndpoint endpoint, String queue, URI mgmt) {
    return new RabbitPoolSettings(
        name, name, endpoint, queue, mgmt, Duration.ofSeconds(2), 1, false);
  }

  private RabbitPoolSettings pool() {
    return pool("rpc", TestServer.endpoint(), queue, TestServer.managementUrl());
  }

  @Test
  void readyMessagesArrivalsAndTheOldestMessagesAge() throws Exception {
    TestServer.declare(queue);
    try (RabbitProbe probe = new RabbitProbe(List.of(pool()), RabbitProbe.Roster.NONE);
        RpcClient client =
            new RpcClient(TestServer.endpoint(), queue, Duration.ofMinutes(1), clock)) {
      probe.observe(clock.instant());
      for (int i = 0; i < 7; i++) {
        client.call("x".getBytes(StandardCharsets.UTF_8));
      }
      assertTrue(client.awaitConfirms(Duration.ofSeconds(10)));
      clock.advance(Duration.ofSeconds(42));
      // Arrivals are counted since the previous look: over the looks they add up to what was
      // published. The management API's statistics lag by a few seconds (the head message's
      // timestamp more than the counts).
      long[] arrivals = {0};
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                ServiceLoad l = load(probe.observe(clock.instant()));
                arrivals[0] += l.arrivals();
                return arrivals[0] == 7 && l.queued() == 7 && l.oldestQueuedSeconds() > 0;
              });
      Observation o = probe.observe(clock.instant());
      ServiceLoad l = load(o);
      assertEquals(0, l.arrivals(), "nothing new since the previous look");
      assertEquals(42, l.oldestQueuedSeconds(), "the oldest request's age, from its timestamp");
      assertTrue(o.brokers().get(0).endpoint().contains("amqp://yogurt:***@"));
      assertFalse(o.brokers().get(0).endpoint().contains(TestServer.password()));
    }
  }

  @Test
  void workersAreConsumersNamedByTheirInstanceWithTheirWorkInFlight() throws Exception {
    TestServer.declare(queue);
    CountDownLatch gate = new CountDownLatch(1);
    RpcWorker worker =
        new RpcWorker(
                RpcWorkerSettings.of(TestServer.endpoint(), queue, "rpc-abc-0").withPrefetch(3),
                request -> {
                  gate.await();
                  return request;
                })
            .start();
    try (RabbitProbe probe = new RabbitProbe(List.of(pool()), RabbitProbe.Roster.NONE);
        RpcClient client =
            new RpcClient(TestServer.endpoint(), queue, Duration.ofMinutes(1), clock)) {
      await().atMost(Duration.ofSeconds(20)).until(worker::consuming);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> load(probe.observe(clock.instant())).workers().size() == 1);
      WorkerStatus idle = load(probe.observe(clock.instant())).workers().get(0);
      assertEquals("rpc-abc-0", idle.identity());
      assertEquals(WorkerStatus.State.IDLE, idle.state());

      for (int i = 0; i < 5; i++) {
        client.call("x".getBytes(StandardCharsets.UTF_8));
      }
      // Prefetch 3: three held by the worker, two ready.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                ServiceLoad l = load(probe.observe(clock.instant()));
                return l.workers().get(0).inFlight() == 3 && l.queued() == 2;
              });
      assertTrue(load(probe.observe(clock.instant())).workers().get(0).busy());
    } finally {
      gate.countDown();
      worker.stop(Duration.ofSeconds(30));
    }
  }

  @Test
  void aMissingQueueIsUnreachableAndTheServiceUnknownNotIdle() {
    try (RabbitProbe probe = new RabbitProbe(List.of(pool()), RabbitProbe.Roster.NONE)) {
      Observation o = probe.observe(clock.instant());
      BrokerReading r = o.brokers().get(0);
      assertFalse(r.reachable());
      assertEquals(
          "queue '" + queue + "' not found in vhost '/'", r.error(), "the reading says why");
      assertTrue(r.endpoint().contains("(pool rpc)"), r.endpoint());
      assertTrue(o.service("rpc").isEmpty(), "unknown, so the loop holds the pool");
    }
  }

  @Test
  void wrongCredentialsSayLoginRefusedWithThePasswordMasked() {
    AmqpEndpoint wrong = TestServer.endpoint("yogurt", "not-the-password", "/");
    try (RabbitProbe probe =
        new RabbitProbe(
            List.of(pool("rpc", wrong, queue, TestServer.managementUrl())),
            RabbitProbe.Roster.NONE)) {
      BrokerReading r = probe.observe(clock.instant()).brokers().get(0);
      assertFalse(r.reachable());
      assertTrue(r.error().startsWith("login refused: wrong user or password"), r.error());
      assertFalse((r.endpoint() + r.error()).contains("not-the-password"));
    }
  }

  @Test
  void aVhostWithoutPermissionSaysNoAccess() throws Exception {
    String vhost = TestServer.freshName("vh");
    String user = TestServer.freshName("u");
    TestServer.createVhost(vhost);
    TestServer.createUser(user, "pw-" + user);
    try (RabbitProbe probe =
        new RabbitProbe(
            List.of(
                pool(
                    "rpc",
                    TestServer.endpoint(user, "pw-" + user, vhost),
                    queue,
                    TestServer.managementUrl())),
            RabbitProbe.Roster.NONE)) {
      BrokerReading r = probe.observe(clock.instant()).brokers().get(0);
      assertFalse(r.reachable());
      assertTrue(r.error().startsWith("no access for this user"), r.error());
    } finally {
      TestServer.deleteUser(user);
      TestServer.deleteVhost(vhost);
    }
  }

  @Test
  void withoutTheManagementApiItFallsBackToAmqpAndSaysWhatIsMissing() throws Exception {
    TestServer.declare(queue);
    // Nothing listens on port 1: as if the management plugin were off.
    URI off = URI.create("http://127.0.0.1:1");
    RpcWorker worker =
        new RpcWorker(
                RpcWorkerSettings.of(TestServer.endpoint(), queue, "rpc-fb-0"), Handlers.echo())
            .start();
    try (RabbitProbe probe =
        new RabbitProbe(
            List.of(pool("rpc", TestServer.endpoint(), queue, off)),
            p -> List.of("rpc-fb-0", "rpc-fb-1"))) {
      await().atMost(Duration.ofSeconds(20)).until(worker::consuming);
      BrokerReading r = probe.observe(clock.instant()).brokers().get(0);
      assertTrue(r.reachable(), r.error());
      assertTrue(r.error().contains(RabbitProbe.FALLBACK_MISSING), r.error());
      ServiceLoad l = r.services().get(0);
      assertEquals(
          List.of("rpc-fb-0"),
          l.workers().stream().map(WorkerStatus::identity).toList(),
          "the live worker by its control queue; the other instance has none");
    } finally {
      worker.stop(Duration.ofSeconds(30));
    }
  }

  @Test
  void aServerThatIsNotThereIsUnreachable() {
    AmqpEndpoint nowhere = AmqpEndpoint.parse("amqp://yogurt:pw@127.0.0.1:1", "/", "", null);
    try (RabbitProbe probe =
        new RabbitProbe(
            List.of(pool("rpc", nowhere, queue, URI.create("http://127.0.0.1:1"))),
            RabbitProbe.Roster.NONE)) {
      BrokerReading r = probe.observe(clock.instant()).brokers().get(0);
      assertFalse(r.reachable());
      assertTrue(r.error().contains("connection refused"), r.error());
      assertEquals(
          "rabbitmq amqp://yogurt:***@127.0.0.1:1 vhost / queue " + queue + " (pool rpc)",
          r.endpoint());
    }
  }

  private static ServiceLoad load(Observation o) {
    BrokerReading r = o.brokers().get(0);
    assertTrue(r.reachable(), r.error());
    return r.services().get(0);
  }
}
