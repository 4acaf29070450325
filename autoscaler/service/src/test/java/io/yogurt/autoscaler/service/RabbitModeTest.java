package io.yogurt.autoscaler.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yogurt.autoscaler.Settings;
import io.yogurt.autoscaler.admin.AdminAccess;
import io.yogurt.autoscaler.local.CommandLines;
import io.yogurt.config.ConfigFile;
import io.yogurt.models.ReasonCode;
import io.yogurt.models.TickReport;
import io.yogurt.rabbitmq.TestServer;
import io.yogurt.rabbitmq.client.LoadTally;
import io.yogurt.rabbitmq.client.RpcClient;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole service on a real RabbitMQ with a fast tick: a pool with {@code broker: rabbitmq}, its
 * workers real local processes consuming the queue. Load scales it up; when the load stops it
 * drains back to min through the workers' control queues; no request is lost or dead-lettered. Bad
 * credentials hold the pool, and {@code status} says why with the password masked.
 */
@Tag("rabbitmq")
class RabbitModeTest {

  private final String queue = TestServer.freshName("svc");

  @TempDir Path stateDir;

  @AfterEach
  void deleteQueue() {
    TestServer.delete(queue, queue + ".dead");
  }

  private Settings settings(String password) throws Exception {
    String config =
        """
        loop:
          tick: 500ms
          dead-after: 10s
        broker:
          bind: tcp://127.0.0.1:0
        admin:
          port: 0
        metrics:
          port: 0
        pools:
          rpc:
            broker: rabbitmq
            min: 1
            max: 4
            capacity-per-worker: 20
            target-utilization: 0.5
            scale-in-stabilization: 2s
            max-step-down: 4
            boot-grace: 60s
            drain-deadline: 10s
            rabbitmq:
              url: ${YOGURT_TEST_AMQP_URL}
              password: ${PASSWORD}
              queue: QUEUE
              management-url: ${YOGURT_TEST_AMQP_MANAGEMENT_URL}
        local:
          handler: sleep:50ms
        """
            .replace("QUEUE", queue);
    Map<String, String> env =
        Map.of(
            "YOGURT_TEST_AMQP_URL", System.getenv("YOGURT_TEST_AMQP_URL"),
            "YOGURT_TEST_AMQP_MANAGEMENT_URL", System.getenv("YOGURT_TEST_AMQP_MANAGEMENT_URL"),
            "PASSWORD", password);
    return Settings.load(ConfigFile.parse("test.yaml", new StringReader(config), env::get));
  }

  private static List<ProcessHandle> workerProcesses() {
    return ProcessHandle.current()
        .descendants()
        .filter(p -> CommandLines.of(p).map(c -> c.contains(" worker ")).orElse(false))
        .toList();
  }

  @Test
  void scalesUpOnTheQueueAndDrainsBackToMinLosingNothing() throws Exception {
    TestServer.declareWithDeadLetters(queue);
    Recorder recorder = new Recorder();
    LoadTally tally = new LoadTally();
    ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    try (StateDir state = StateDir.lock(stateDir);
        YogurtService service =
            YogurtService.start(
                settings(TestServer.password()), state, InstantSource.system(), List.of(recorder));
        RpcClient client =
            new RpcClient(
                TestServer.endpoint(), queue, Duration.ofMinutes(2), InstantSource.system())) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> recorder.instances() == 1 && recorder.last().pools().get(0).workersLive() == 1);
      assertTrue(
          workerProcesses().stream()
              .allMatch(p -> !CommandLines.of(p).orElse("").contains(TestServer.password())),
          "the password is not on any worker's command line");

      // 60 req/s: 6 workers' worth at 50% of 20 req/s, capped at max 4.
      byte[] body = "x".getBytes(StandardCharsets.UTF_8);
      pacer.scheduleAtFixedRate(
          () -> tally.track(client.call(body)), 0, 1000 / 60, TimeUnit.MILLISECONDS);
      await().atMost(Duration.ofSeconds(90)).until(() -> recorder.instances() == 4);
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> recorder.last().pools().get(0).workersLive() == 4);
      pacer.shutdownNow();
      pacer.awaitTermination(5, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(60)).until(() -> tally.open() == 0);
      await().atMost(Duration.ofSeconds(90)).until(() -> recorder.instances() == 1);
      assertTrue(
          recorder.reports().stream()
              .flatMap(r -> r.pools().get(0).actionsTaken().stream())
              .anyMatch(a -> a.startsWith("draining")),
          "scale-in drained first");
    } finally {
      pacer.shutdownNow();
    }
    System.out.println("rabbitmq service load: " + tally.summary());
    assertTrue(tally.sent() > 0);
    assertEquals(tally.sent(), tally.replies(), tally.summary());
    assertEquals(0, tally.errorReplies(), tally.summary());
    assertEquals(0, TestServer.messageCount(queue + ".dead"), "nothing dead-lettered");
    // Every request answered (above), nothing dead-lettered and nothing left: none lost. The
    // management API's ack counter is not used here: it is collected from the channels every few
    // seconds, and the drained workers' channels are gone; in one full run it had not reached the
    // count sent 30 s after the last reply. The AMQP count is the server's own, exact (a message
    // redelivered from a drained worker is handled again by the others, whose reply the client
    // ignores: it is answered already).
    await().atMost(Duration.ofSeconds(30)).until(() -> TestServer.messageCount(queue) == 0);
    assertEquals(List.of(), workerProcesses(), "no worker process remains after close");
  }

  @Test
  void wrongCredentialsHoldThePoolAndStatusSaysWhy() throws Exception {
    TestServer.declare(queue);
    Recorder recorder = new Recorder();
    try (StateDir state = StateDir.lock(stateDir);
        YogurtService service =
            YogurtService.start(
                settings("not-the-password"), state, InstantSource.system(), List.of(recorder))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> recorder.reports().size() >= 6);
      TickReport last = recorder.last();
      TickReport.SourceStatus source =
          last.sources().stream()
              .filter(s -> s.name().contains("(pool rpc)"))
              .findFirst()
              .orElseThrow();
      assertFalse(source.ok());
      assertTrue(source.name().contains("amqp://yogurt:***@127.0.0.1:"), source.name());
      assertTrue(source.detail().startsWith("SOURCE_UNAVAILABLE: login refused"), source.detail());
      assertTrue(
          recorder.reports().stream()
              .allMatch(
                  r ->
                      r.pools().get(0).decision().reasons().stream()
                          .anyMatch(x -> x.code() == ReasonCode.BLIND)),
          "held every tick: never scaled on what it could not see");
      assertTrue(
          recorder.reports().stream().allMatch(r -> r.pools().get(0).instances() <= 1),
          "held at min");

      String status = status();
      assertFalse(status.contains("not-the-password"), "never the password");
      JsonNode json = new ObjectMapper().readTree(status);
      boolean said = false;
      for (JsonNode s : json.path("sources")) {
        said |=
            s.path("name").asText().contains("(pool rpc)")
                && !s.path("ok").asBoolean()
                && s.path("detail").asText().startsWith("SOURCE_UNAVAILABLE: login refused");
      }
      assertTrue(said, status);
    }
  }

  private String status() throws Exception {
    AdminAccess access = AdminAccess.read(stateDir);
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(access.url() + "/status"))
                    .header("Authorization", "Bearer " + access.token())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return r.body();
  }
}
