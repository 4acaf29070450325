package io.yogurt.autoscaler.droplets;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yogurt.autoscaler.admin.AdminAccess;
import io.yogurt.autoscaler.service.RunProcess;
import io.yogurt.config.InvalidInputException;
import io.yogurt.provider.digitalocean.fake.FakeDigitalOcean;
import io.yogurt.provider.digitalocean.fake.FakeDigitalOceanRig;
import io.yogurt.provider.digitalocean.fake.PackageServer;
import io.yogurt.provider.digitalocean.fake.SelfSignedTls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills {@code yogurt run} with {@code provider: digitalocean} dead (as {@code kill -9}: no
 * shutdown hook) at each step of a scale-out and of a scale-in, restarts it, and checks against the
 * fake API that the pool ends at the right size: no duplicate droplet, no orphan, no extra create.
 * The API's list lags a create by 10 s, longer than a restart takes, so a restart that forgot what
 * its last run created would launch it again: the pending-creates journal prevents that.
 */
class DropletCrashSafetyTest {

  @TempDir Path dir;

  private FakeDigitalOcean api;
  private PackageServer packages;
  private Path caFile;
  private int brokerPort;
  private final List<Process> services = new ArrayList<>();

  @BeforeEach
  void world() throws Exception {
    SelfSignedTls tls = SelfSignedTls.shared();
    api =
        new FakeDigitalOcean(InstantSource.system(), FakeDigitalOceanRig.TOKEN, tls)
            .bootDelay(Duration.ofSeconds(1))
            .listLag(Duration.ofSeconds(10));
    caFile = tls.writeCertificate(dir.resolve("ca.pem"));
    packages =
        new PackageServer(Files.writeString(dir.resolve("yogurt-x.tar.gz"), "stand-in"), tls);
    brokerPort = RunProcess.freePort();
  }

  @AfterEach
  void stop() throws Exception {
    for (Process p : services) {
      RunProcess.stop(p);
    }
    packages.close();
    api.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"droplet-create-journaled", "droplet-created", "launched"})
  void aCrashDuringScaleOutLeavesNoDuplicateAndNoOrphan(String crashPoint) throws Exception {
    Process crashing = start(config(3), crashPoint);
    assertEquals(
        137,
        crashing.waitFor(120, TimeUnit.SECONDS) ? crashing.exitValue() : -1,
        () -> "the service halted at " + crashPoint + "; its log:\n" + log());
    start(config(3), null);
    awaitSettledAt(3);
    assertEquals(3, api.stats().creates(), "nothing created twice: " + api.stats());
  }

  @ParameterizedTest
  @ValueSource(strings = {"drained", "destroyed"})
  void aCrashDuringScaleInLeavesNoDuplicateAndNoOrphan(String crashPoint) throws Exception {
    Process first = start(config(3), null);
    awaitSettledAt(3);
    first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

    Process crashing = start(config(1), crashPoint);
    assertEquals(
        137,
        crashing.waitFor(120, TimeUnit.SECONDS) ? crashing.exitValue() : -1,
        () -> "the service halted at " + crashPoint + "; its log:\n" + log());
    start(config(1), null);
    awaitSettledAt(1);
    assertEquals(3, api.stats().creates(), "nothing created again: " + api.stats());
  }

  /** The API holds exactly {@code size} droplets, one per name, and the loop sees them. */
  private void awaitSettledAt(int size) {
    await()
        .alias("settled at " + size + "; service log in " + dir)
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              JsonNode last = lastTick();
              return last != null
                  && last.path("instances").asInt() == size
                  && api.droplets().size() == size;
            });
    assertTrue(api.stats().duplicateNames().isEmpty(), api.stats().toString());
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

  private Path config(int min) throws IOException {
    return Files.writeString(
        dir.resolve("yogurt-" + min + ".yaml"),
        """
        provider: digitalocean
        loop:
          tick: 500ms
          dead-after: 1h             # these droplets never run a worker: no healing
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
            boot-grace: 1s
        digitalocean:
          token: %s
          api-url: %s
          ca-certificate: %s
          create-settle: 15s
          worker:
            package-url: %s
            package-sha256: %s
            broker-endpoint: tcp://10.116.0.2:5555
        """
            .formatted(
                brokerPort,
                min,
                FakeDigitalOceanRig.TOKEN,
                api.url(),
                caFile,
                packages.url(),
                packages.sha256()));
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
}
