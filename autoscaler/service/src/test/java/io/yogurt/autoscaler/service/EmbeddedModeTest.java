package io.yogurt.autoscaler.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.autoscaler.Settings;
import io.yogurt.autoscaler.local.CommandLines;
import io.yogurt.broker.client.ClientSettings;
import io.yogurt.broker.client.MdpClient;
import io.yogurt.config.ConfigFile;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole embedded service in-process with a fast tick: real broker, real worker processes, real
 * history store. Load scales the pool up; when the load stops it drains back to min; after close no
 * worker process remains.
 */
class EmbeddedModeTest {

  private static final String CONFIG =
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
        echo:
          min: 1
          max: 4
          capacity-per-worker: 20
          target-utilization: 0.5
          scale-in-stabilization: 2s
          max-step-down: 4
          boot-grace: 30s
          drain-deadline: 5s
      local:
        handler: sleep:50ms
      """;

  @TempDir Path stateDir;

  private static List<ProcessHandle> workerProcesses() {
    return ProcessHandle.current()
        .descendants()
        .filter(p -> CommandLines.of(p).map(c -> c.contains(" worker ")).orElse(false))
        .toList();
  }

  @Test
  void scalesUpUnderLoadAndDrainsBackToMinLeavingNoProcess() throws Exception {
    Settings settings =
        Settings.load(ConfigFile.parse("test.yaml", new StringReader(CONFIG), System::getenv));
    Recorder recorder = new Recorder();
    AtomicLong sent = new AtomicLong();
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    try (StateDir state = StateDir.lock(stateDir);
        YogurtService service =
            YogurtService.start(settings, state, InstantSource.system(), List.of(recorder))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> recorder.instances() == 1);

      try (MdpClient client =
          new MdpClient(ClientSettings.of(service.brokerEndpoint()), InstantSource.system())) {
        // 60 req/s: 6 workers' worth at 50% of 20 req/s, capped at max 4.
        byte[] body = "x".getBytes(StandardCharsets.UTF_8);
        pacer.scheduleAtFixedRate(
            () -> {
              sent.incrementAndGet();
              client
                  .request("echo", body)
                  .whenComplete((r, e) -> (e == null ? ok : failed).incrementAndGet());
            },
            0,
            1000 / 60,
            TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofSeconds(60)).until(() -> recorder.instances() == 4);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> recorder.last().pools().get(0).workersLive() == 4);
        assertEquals(4, workerProcesses().size(), "one worker process per instance");
        pacer.shutdownNow();
        pacer.awaitTermination(5, TimeUnit.SECONDS);
        // Every request sent is answered before the client closes (closing fails those in flight).
        await().atMost(Duration.ofSeconds(30)).until(() -> ok.get() + failed.get() >= sent.get());
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> recorder.instances() == 1);
      assertTrue(
          recorder.reports().stream()
              .flatMap(r -> r.pools().get(0).actionsTaken().stream())
              .anyMatch(a -> a.startsWith("draining")),
          "scale-in drained first");
    } finally {
      pacer.shutdownNow();
    }
    assertEquals(0, failed.get(), "no request lost while scaling");
    assertTrue(ok.get() > 0);
    assertEquals(List.of(), workerProcesses(), "no worker process remains after close");
  }
}
