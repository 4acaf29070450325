package io.yogurt.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.yogurt.broker.worker.Handlers;
import io.yogurt.models.ManualClock;
import io.yogurt.rabbitmq.client.RpcClient;
import io.yogurt.rabbitmq.worker.RpcWorker;
import io.yogurt.rabbitmq.worker.RpcWorkerSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Our worker serves pika's RPC client; our client is served by pika's RPC worker. */
@Tag("rabbitmq")
class PikaInteropTest {

  private final String queue = TestServer.freshName("pika");

  @BeforeAll
  static void pika() throws Exception {
    PikaPeer.requirePika();
  }

  @AfterEach
  void deleteQueue() {
    TestServer.delete(queue);
  }

  @Test
  void pikaCallsOurWorker() throws Exception {
    TestServer.declare(queue);
    RpcWorker worker =
        new RpcWorker(RpcWorkerSettings.of(TestServer.endpoint(), queue, "ours-0"), Handlers.echo())
            .start();
    try (PikaPeer client =
        new PikaPeer("client", System.getenv("YOGURT_TEST_AMQP_URL"), queue, "200")) {
      assertEquals("ok 200", client.nextLine(60));
      assertEquals(0, client.waitFor(10));
    } finally {
      worker.stop(Duration.ofSeconds(10));
    }
    assertEquals(200, worker.handled());
  }

  @Test
  void ourClientCallsPikasWorker() throws Exception {
    TestServer.declare(queue);
    try (PikaPeer worker = new PikaPeer("worker", System.getenv("YOGURT_TEST_AMQP_URL"), queue);
        RpcClient client =
            new RpcClient(
                TestServer.endpoint(),
                queue,
                Duration.ofSeconds(30),
                new ManualClock(Instant.parse("2026-01-01T00:00:00Z")))) {
      assertEquals("ready", worker.nextLine(30));
      List<CompletableFuture<RpcClient.Reply>> calls = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        calls.add(client.call(("ours " + i).getBytes(StandardCharsets.UTF_8)));
      }
      for (int i = 0; i < 200; i++) {
        assertEquals("ours " + i, calls.get(i).get(30, TimeUnit.SECONDS).text());
      }
      assertEquals(0, worker.stop(10), "pika's worker stops cleanly on SIGTERM");
    }
  }
}
