package io.yogurt.autoscaler.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yogurt.autoscaler.admin.AdminAccess;
import io.yogurt.autoscaler.local.CommandLines;
import io.yogurt.config.InvalidInputException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills the service dead (as {@code kill -9} would: no shutdown hook runs) at each step of a
 * scale-out and of a scale-in, restarts it, and checks that the pool ends at the right size with
 * exactly one worker process per instance: no orphan, no duplicate.
 */
class CrashSafetyTest {

  @TempDir Path dir;

  private final List<Process> services = new ArrayList<>();
  private int brokerPort;

  @ParameterizedTest
  @ValueSource(strings = {"launch-intent-written", "launch-process-started", "launched"})
  void aCrashDuringScaleOutLeavesNoOrphanAndNoDuplicate(String crashPoint) throws Exception {
    brokerPort = RunProcess.freePort();
    Path config = config(3);
    Process crashing = start(config, crashPoint);
    assertEquals(
        137,
        crashing.waitFor(60, TimeUnit.SECONDS) ? crashing.exitValue() : -1,
        () -> "the service halted at " + crashPoint + "; its log:\n" + log());

    start(config, null);
    awaitSettledAt(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"drained", "destroyed"})
  void aCrashDuringScaleInLeavesNoOrphanAndNoDuplicate(String crashPoint) throws Exception {
    brokerPort = RunProcess.freePort();
    Process first = start(config(3), null);
    awaitSettledAt(3);
    first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

    Process crashing = start(config(1), crashPoint);
    assertEquals(
        137,
        crashing.waitFor(60, TimeUnit.SECONDS) ? crashing.exitValue() : -1,
        () -> "the service halted at " + crashPoint + "; its log:\n" + log());

    start(config(1), null);
    awaitSettledAt(1);
  }

  private void awaitSettledAt(int size) {
    await()
        .alias("settled at " + size + "; service log in " + dir)
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              JsonNode last = lastTick();
              return last != null
                  && last.path("instances").asInt() == size
                  && last.path("workers_live").asInt() == size
                  && workerProcesses().size() == size;
            });
  }

  private JsonNode lastTick() throws IOException, InterruptedException {
    if (!Files.exists(dir.resolve("state/admin.json"))) {
      return null;
    }
    AdminAccess access;
    try {
      access = AdminAccess.read(dir.resolve("state"));
    } catch (InvalidInputException e) {
      return null;
    }
    HttpResponse<String> r;
    try {
      r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(access.url() + "/status"))
                      .header("Authorization", "Bearer " + access.token())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
    } catch (IOException stale) {
      return null; // an admin.json left by the killed service
    }
    JsonNode recent = new ObjectMapper().readTree(r.body()).path("pools").path(0).path("recent");
    return recent.isEmpty() ? null : recent.get(recent.size() - 1);
  }

  /** Worker processes of this test's broker, wherever they were reparented after a crash. */
  private List<ProcessHandle> workerProcesses() {
    String endpoint = " --endpoint tcp://127.0.0.1:" + brokerPort + " ";
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(
            p ->
                CommandLines.of(p)
                    .map(c -> c.contains(endpoint) && c.contains(" worker "))
                    .orElse(false))
        .toList();
  }

  private Path config(int min) throws IOException {
    return Files.writeString(
        dir.resolve("yogurt-" + min + ".yaml"),
        """
        loop:
          tick: 500ms
        broker:
          bind: tcp://127.0.0.1:%d
        admin:
          port: 0
        metrics:
          port: 0
        pools:
          echo:
            min: %d
            max: 3
            scale-in-stabilization: 1s
            max-step-down: 3
            drain-deadline: 2s
        """
            .formatted(brokerPort, min));
  }

  private Process start(Path config, String crashPoint) throws IOException {
    Process p =
        RunProcess.start(config, dir.resolve("state"), crashPoint, dir.resolve("service.log"));
    services.add(p);
    return p;
  }

  private String log() {
    return RunProcess.log(dir.resolve("service.log"));
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (Process p : services) {
      RunProcess.stop(p);
    }
    workerProcesses().forEach(ProcessHandle::destroyForcibly);
  }
}
