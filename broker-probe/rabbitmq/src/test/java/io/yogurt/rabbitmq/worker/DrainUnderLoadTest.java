package io.yogurt.rabbitmq.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.broker.worker.Handlers;
import io.yogurt.models.ManualClock;
import io.yogurt.rabbitmq.RabbitPoolSettings;
import io.yogurt.rabbitmq.TestServer;
import io.yogurt.rabbitmq.client.LoadTally;
import io.yogurt.rabbitmq.client.RpcClient;
import io.yogurt.rabbitmq.probe.RabbitProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 10,000 requests under continuous load while workers are drained (one through its control queue,
 * as the loop does, one as on SIGTERM) and stopped mid-way and another joins: every request is
 * answered once, published = acked + dead-lettered, and nothing is dead-lettered.
 */
@Tag("rabbitmq")
class DrainUnderLoadTest {

  private static final int REQUESTS = 10_000;

  private final String queue = TestServer.freshName("drain");
  private final List<RpcWorker> workers = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    workers.forEach(w -> w.stop(Duration.ofSeconds(10)));
    TestServer.delete(queue, queue + ".dead");
  }

  private RpcWorker worker(String name) {
    RpcWorker w =
        new RpcWorker(
                RpcWorkerSettings.of(TestServer.endpoint(), queue, name).withPrefetch(5),
                Handlers.sleep(Duration.ofMillis(1)))
            .start();
    workers.add(w);
    await().atMost(Duration.ofSeconds(20)).until(w::consuming);
    return w;
  }

  @Test
  void drainingAndStoppingWorkersMidWayLosesNoMessage() throws Exception {
    TestServer.declareWithDeadLetters(queue);
    RpcWorker a = worker("dl-a");
    RpcWorker b = worker("dl-b");
    worker("dl-c");
    RabbitPoolSettings pool =
        new RabbitPoolSettings(
            "rpc",
            "rpc",
            TestServer.endpoint(),
            queue,
            TestServer.managementUrl(),
            Duration.ofSeconds(2),
            5,
            false);
    LoadTally tally = new LoadTally();
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    try (RabbitProbe probe = new RabbitProbe(List.of(pool), RabbitProbe.Roster.NONE);
        RpcClient client =
            new RpcClient(TestServer.endpoint(), queue, Duration.ofMinutes(2), clock)) {
      byte[] body = "work".getBytes(StandardCharsets.UTF_8);
      long start = System.nanoTime();
      for (int i = 0; i < REQUESTS; i++) {
        // A steady 2,000 requests per second: the load goes on while workers come and go.
        LockSupport.parkNanos(start + i * 500_000L - System.nanoTime());
        tally.track(client.call(body));
        if (i == REQUESTS / 4) {
          assertTrue(probe.drain("dl-a"), "the loop's drain reached dl-a");
        }
        if (i == REQUESTS / 2) {
          b.stop(); // as on SIGTERM
          worker("dl-d");
        }
      }
      assertTrue(client.awaitConfirms(Duration.ofSeconds(30)), "the server took every request");
      await().atMost(Duration.ofSeconds(60)).until(() -> tally.open() == 0);
      assertTrue(a.terminated().isDone() && a.terminated().get(), "dl-a drained by the loop");
      assertTrue(b.awaitTermination(Duration.ofSeconds(10)), "dl-b stopped");
      assertTrue(a.handled() > 0 && b.handled() > 0, "both had work when they were stopped");
    }
    System.out.println("drain under load: " + tally.summary());
    assertEquals(REQUESTS, tally.replies(), tally.summary());
    assertEquals(0, tally.timeouts() + tally.failed() + tally.errorReplies(), tally.summary());
    assertEquals(
        REQUESTS, workers.stream().mapToLong(RpcWorker::handled).sum(), "each answered once");
    // The server's own counts: published = acked + dead-lettered, and none dead-lettered.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> TestServer.queue(queue).path("message_stats").path("ack").asLong() == REQUESTS);
    assertEquals(REQUESTS, TestServer.queue(queue).path("message_stats").path("publish").asLong());
    assertEquals(0, TestServer.messageCount(queue + ".dead"), "nothing dead-lettered");
    assertEquals(0, TestServer.messageCount(queue), "nothing left");
  }
}
