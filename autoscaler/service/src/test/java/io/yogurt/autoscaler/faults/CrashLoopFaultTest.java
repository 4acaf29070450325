package io.yogurt.autoscaler.faults;

import static io.yogurt.autoscaler.faults.ServiceRig.figure;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.autoscaler.admin.AdminAccess;
import io.yogurt.broker.client.ClientSettings;
import io.yogurt.broker.client.MdpClient;
import io.yogurt.models.Action;
import io.yogurt.models.ReasonCode;
import io.yogurt.models.TickReport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault matrix: a worker that crashes on every request (restarted each time, as supervisord would).
 * Its instance is replaced after crash-loop-losses; when the replacement crash-loops too, the
 * pool's launch budget is spent: it launches nothing more, says why in the tick report and in
 * status, and launches again when a person resumes it.
 */
class CrashLoopFaultTest {

  @TempDir Path dir;

  @Test
  void aCrashLoopIsReplacedThenThePoolStopsRelaunchingUntilResumed() throws Exception {
    String yaml =
        """
        loop:
          tick: 500ms
          dead-after: 5s
          crash-loop-losses: 2
          crash-loop-window: 5m
          failed-instances: 2
          launch-backoff: 1h
        broker:
          bind: tcp://127.0.0.1:0
          request-expiry: 1s
        admin:
          port: 0
        pools:
          echo:
            min: 1
            max: 1
            boot-grace: 60s
        local:
          handler: crash
        """;
    ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    try (ServiceRig rig = ServiceRig.start(dir, yaml)) {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> rig.last() != null && rig.last().workersLive() == 1);
      Instant loadStarted = Instant.now();
      try (MdpClient client =
          new MdpClient(
              ClientSettings.of(rig.service.brokerEndpoint()).withTimeout(Duration.ofSeconds(1), 0),
              InstantSource.system())) {
        byte[] body = "x".getBytes(StandardCharsets.UTF_8);
        pacer.scheduleAtFixedRate(() -> client.request("echo", body), 0, 1, TimeUnit.SECONDS);

        await()
            .alias("launches suspended")
            .atMost(Duration.ofSeconds(150))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> rig.last().raised(ReasonCode.LAUNCHES_SUSPENDED));
        Instant suspended = Instant.now();
        TickReport firstReplacement =
            rig.ticks.stream()
                .filter(r -> count(r, ReasonCode.CRASH_LOOP) > 0)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no CRASH_LOOP replacement"));
        int launches = launches(rig);
        await()
            .during(Duration.ofSeconds(5))
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    launches(rig) == launches
                        && rig.last().raised(ReasonCode.LAUNCHES_SUSPENDED)
                        && rig.last().instances() == 1);
        String status = rig.status().toString();
        assertTrue(
            status.contains("LAUNCHES_SUSPENDED: 2 failed instances")
                && status.contains("`yogurt resume echo`"),
            status);

        resume(rig);
        await()
            .alias("resumed by a person, a replacement launched")
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    rig.ticks.stream()
                            .anyMatch(r -> r.pools().get(0).raised(ReasonCode.LAUNCHES_RESUMED))
                        && launches(rig) > launches);
        assertEquals(java.util.List.of(), rig.stackTraces, "no stack trace for an expected fault");
        figure(
            "worker crashing on every request",
            String.format(
                Locale.ROOT,
                "first instance replaced (CRASH_LOOP) %.1f s after the load began; launches"
                    + " suspended %.1f s after it, after %d launches; launching again on"
                    + " `yogurt resume`",
                Duration.between(loadStarted, firstReplacement.at()).toMillis() / 1000.0,
                Duration.between(loadStarted, suspended).toMillis() / 1000.0,
                launches));
      }
    } finally {
      pacer.shutdownNow();
    }
  }

  private static long count(TickReport r, ReasonCode why) {
    return r.pools().get(0).actions().stream()
        .filter(a -> !a.failed() && a.action() instanceof Action.Destroy)
        .filter(a -> a.action().why().code() == why)
        .count();
  }

  private static int launches(ServiceRig rig) {
    return (int)
        rig.ticks.stream()
            .flatMap(r -> r.pools().get(0).actions().stream())
            .filter(a -> !a.failed() && a.action() instanceof Action.Launch)
            .count();
  }

  /** {@code yogurt resume echo}, as the CLI sends it. */
  private static void resume(ServiceRig rig) throws Exception {
    AdminAccess access = AdminAccess.read(rig.state);
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(access.url() + "/overrides/echo"))
                    .header("Authorization", "Bearer " + access.token())
                    .DELETE()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
  }
}
