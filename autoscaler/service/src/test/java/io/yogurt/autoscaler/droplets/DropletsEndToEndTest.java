package io.yogurt.autoscaler.droplets;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.autoscaler.Settings;
import io.yogurt.autoscaler.service.RunProcess;
import io.yogurt.autoscaler.service.StateDir;
import io.yogurt.autoscaler.service.YogurtService;
import io.yogurt.broker.curve.CurveKeys;
import io.yogurt.config.ConfigFile;
import io.yogurt.models.TickListener;
import io.yogurt.models.TickReport;
import io.yogurt.provider.digitalocean.fake.DropletEmulator;
import io.yogurt.provider.digitalocean.fake.FakeDigitalOcean;
import io.yogurt.provider.digitalocean.fake.FakeDigitalOceanRig;
import io.yogurt.provider.digitalocean.fake.PackageServer;
import io.yogurt.provider.digitalocean.fake.SelfSignedTls;
import java.io.IOException;
import java.io.StringReader;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code yogurt run} with {@code provider: digitalocean} against the fake API, whose droplet
 * emulator boots each droplet's user data on this machine: the package is downloaded over HTTPS and
 * verified, the worker starts with this machine's Java and registers with the real broker over
 * CURVE, named after its droplet. Under {@code yogurt load} the pool scales 0 -> 5; when the load
 * stops it drains and destroys back to 0: every request served, no droplet and no process left.
 */
class DropletsEndToEndTest {

  @TempDir Path dir;

  private FakeDigitalOcean api;
  private DropletEmulator emulator;
  private PackageServer packages;
  private Path caFile;
  private int brokerPort;
  private final List<TickReport> ticks = new CopyOnWriteArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  @BeforeEach
  void world() throws Exception {
    SelfSignedTls tls = SelfSignedTls.shared();
    api =
        new FakeDigitalOcean(InstantSource.system(), FakeDigitalOceanRig.TOKEN, tls)
            .bootDelay(Duration.ofSeconds(2))
            .listLag(Duration.ofSeconds(2));
    caFile = tls.writeCertificate(dir.resolve("ca.pem"));
    emulator = new DropletEmulator(dir.resolve("droplets"), caFile);
    api.listener(emulator);
    Path tarball = TestRelease.build(dir);
    System.out.printf("test release package: %.1f MB%n", Files.size(tarball) / 1e6);
    packages = new PackageServer(tarball, tls);
    brokerPort = RunProcess.freePort();
  }

  @AfterEach
  void stop() {
    processes.forEach(Process::destroyForcibly);
    emulator.close();
    packages.close();
    api.close();
  }

  @Test
  void scalesZeroToFiveDropletWorkersUnderLoadAndBackToZero() throws Exception {
    Path keys = Files.createDirectories(dir.resolve("keys"));
    Path clients = Files.createDirectories(dir.resolve("clients"));
    CurveKeys.generate().save(keys, "broker");
    CurveKeys worker = CurveKeys.generate();
    worker.save(keys, "worker");
    CurveKeys.generate().save(keys, "load");
    Files.copy(keys.resolve("worker.key"), clients.resolve("worker.key"));
    Files.copy(keys.resolve("load.key"), clients.resolve("load.key"));
    String brokerPublic = CurveKeys.load(keys.resolve("broker.key")).publicKeyZ85();

    String endpoint = "tcp://127.0.0.1:" + brokerPort;
    String yaml =
        """
        provider: digitalocean
        loop:
          tick: 500ms
          dead-after: 60s
        broker:
          bind: %s
          request-expiry: 5m
          curve:
            enabled: true
            server-key: %s
            clients: %s
        probe:
          brokers: [%s]
          timeout: 5s                # CURVE handshakes are slow on a busy test machine
        admin:
          port: 0
        metrics:
          port: 0
        pools:
          echo:
            min: 0
            max: 5
            capacity-per-worker: 10
            target-utilization: 0.5
            scale-in-stabilization: 10s  # longer than a load generator's stall on a busy machine
            max-step-down: 5
            boot-grace: 5m
            drain-deadline: 10s
        digitalocean:
          token: %s
          api-url: %s
          ca-certificate: %s
          create-settle: 10s           # well past the list's 2 s lag: a create stays counted until listed
          worker:
            package-url: %s
            package-sha256: %s
            broker-endpoint: %s
            handler: sleep:50ms
            curve-server-key: '%s'
            curve-public-key: '%s'
            curve-secret-key: '%s'
        """
            .formatted(
                endpoint,
                keys.resolve("broker.key_secret"),
                clients,
                endpoint,
                FakeDigitalOceanRig.TOKEN,
                api.url(),
                caFile,
                packages.url(),
                packages.sha256(),
                endpoint,
                brokerPublic,
                worker.publicKeyZ85(),
                worker.secretKeyZ85());
    Settings settings =
        Settings.load(ConfigFile.parse("droplets.yaml", new StringReader(yaml), System::getenv));
    TickListener recorder = ticks::add;
    try (StateDir state = StateDir.lock(dir.resolve("state"));
        YogurtService service =
            YogurtService.start(settings, state, InstantSource.system(), List.of(recorder))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> !ticks.isEmpty());
      assertEquals(0, last().instances(), "min 0: no droplet before the load");

      Process load = load(endpoint, keys, 6);
      await()
          .alias("5 droplet workers live")
          .atMost(Duration.ofMinutes(6))
          .until(() -> last().instances() == 5 && last().workersLive() == 5);
      emulator
          .boots()
          .forEach(
              b -> System.out.printf("droplet %s: cloud-init %.1f s%n", b.name(), b.seconds()));
      assertTrue(load.waitFor(12, TimeUnit.MINUTES), "the load ends");
      String out = "exit " + load.exitValue() + ": " + Files.readString(dir.resolve("load.log"));
      Matcher m =
          Pattern.compile("finished: sent (\\d+), ok (\\d+), failed (\\d+), unanswered 0")
              .matcher(out.strip());
      assertTrue(m.find(), out);
      assertEquals(1800, Long.parseLong(m.group(1)), out);
      assertEquals(m.group(1), m.group(2), "every request served: " + out);
      assertEquals("0", m.group(3), "no request lost: " + out);

      await()
          .alias("back to 0 droplets")
          .atMost(Duration.ofMinutes(3))
          .until(() -> last().instances() == 0 && api.droplets().isEmpty());
      await().atMost(Duration.ofSeconds(20)).until(() -> emulator.processes().isEmpty());
      String metrics = scrape(service.metricsUrl().orElseThrow() + "/metrics");
      Matcher requests =
          Pattern.compile("yogurt_provider_requests_total\\{provider=\"digitalocean\"} (\\S+)")
              .matcher(metrics);
      assertTrue(requests.find() && Double.parseDouble(requests.group(1)) > 0, metrics);
    }
    assertTrue(api.stats().duplicateNames().isEmpty(), api.stats().toString());
    assertEquals(5, api.stats().creates(), api.stats().toString());
    assertTrue(
        ticks.stream()
            .flatMap(t -> t.pools().get(0).actionsTaken().stream())
            .anyMatch(a -> a.startsWith("draining")),
        "scale-in drained first");
    assertTrue(
        emulator.boots().stream().allMatch(b -> b.state() == DropletEmulator.State.STOPPED),
        emulator.boots().toString());
  }

  private static String scrape(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private TickReport.PoolTick last() {
    return ticks.get(ticks.size() - 1).pools().get(0);
  }

  /** {@code yogurt load}: {@code rows} rows of 10 s at 30 requests a second, over CURVE. */
  private Process load(String endpoint, Path keys, int rows) throws IOException {
    StringBuilder trace = new StringBuilder("time,count\n");
    for (int i = 0; i < rows; i++) {
      trace.append(1_700_000_000L + 10L * i).append(",300\n");
    }
    Path csv = Files.writeString(dir.resolve("load.csv"), trace);
    Process p =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                "io.yogurt.cli.Yogurt",
                "load",
                "--trace",
                csv.toString(),
                "--speedup",
                "1",
                "--endpoint",
                endpoint,
                "--service",
                "echo",
                "--timeout",
                "5m",
                "--max-in-flight",
                "16",
                "--curve-server",
                keys.resolve("broker.key").toString(),
                "--curve-keys",
                keys.resolve("load.key_secret").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("load.log").toFile())
            .start();
    processes.add(p);
    return p;
  }
}
