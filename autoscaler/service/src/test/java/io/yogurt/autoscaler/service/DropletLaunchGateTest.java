package io.yogurt.autoscaler.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.autoscaler.Settings;
import io.yogurt.broker.curve.CurveKeys;
import io.yogurt.config.ConfigFile;
import io.yogurt.provider.digitalocean.fake.PackageServer;
import io.yogurt.provider.digitalocean.fake.SelfSignedTls;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What stops a droplet launch before any droplet is created: a wrong checksum, a missing key. */
class DropletLaunchGateTest {

  @TempDir Path dir;

  private Settings settings(PackageServer packages, String sha256, Path clients) throws Exception {
    Path keys = Files.createDirectories(dir.resolve("keys"));
    if (!Files.exists(keys.resolve("broker.key"))) {
      CurveKeys.generate().save(keys, "broker");
    }
    CurveKeys worker = CurveKeys.generate();
    String yaml =
        """
        provider: digitalocean
        broker:
          curve: {enabled: true, server-key: %s, clients: %s}
        digitalocean:
          ca-certificate: %s
          worker:
            package-url: %s
            package-sha256: %s
            broker-endpoint: tcp://10.116.0.2:5555
            curve-server-key: '%s'
            curve-public-key: '%s'
            curve-secret-key: '%s'
        """
            .formatted(
                keys.resolve("broker.key_secret"),
                clients,
                SelfSignedTls.shared().writeCertificate(dir.resolve("ca.pem")),
                packages.url(),
                sha256,
                CurveKeys.load(keys.resolve("broker.key")).publicKeyZ85(),
                worker.publicKeyZ85(),
                worker.secretKeyZ85());
    return Settings.load(ConfigFile.parse("t.yaml", new StringReader(yaml), k -> null));
  }

  @Test
  void aPackageWhoseChecksumDiffersStopsEveryLaunch() throws Exception {
    Path clients = Files.createDirectories(dir.resolve("clients"));
    try (PackageServer packages =
        new PackageServer(
            Files.writeString(dir.resolve("y.tar.gz"), "bytes"), SelfSignedTls.shared())) {
      Settings s = settings(packages, "1".repeat(64), clients);
      Files.writeString(
          clients.resolve("w.key"),
          "curve\n    public-key = \"" + s.digitalocean().worker().curvePublicKey() + "\"\n");
      DropletLaunchGate gate = DropletLaunchGate.start(s.digitalocean(), s.broker());
      await().atMost(Duration.ofSeconds(30)).until(() -> gate.get().isPresent());
      assertEquals(
          "digitalocean.worker.package-sha256: the package at "
              + packages.url()
              + " has SHA-256 "
              + packages.sha256()
              + ", not "
              + "1".repeat(64)
              + ": every droplet would refuse it; not launching",
          gate.get().get());
    }
  }

  @Test
  void workersWhoseKeyTheBrokerWouldRefuseAreNotLaunched() throws Exception {
    Path clients = Files.createDirectories(dir.resolve("clients"));
    try (PackageServer packages =
        new PackageServer(
            Files.writeString(dir.resolve("y.tar.gz"), "bytes"), SelfSignedTls.shared())) {
      Settings s = settings(packages, packages.sha256(), clients);
      DropletLaunchGate gate = DropletLaunchGate.start(s.digitalocean(), s.broker());
      String why = gate.get().orElseThrow();
      assertTrue(
          why.startsWith(
              "digitalocean.worker.curve-public-key: the broker's allow-list (broker.curve.clients "
                  + clients
                  + ") does not hold the workers' public key "),
          why);
      Files.writeString(
          clients.resolve("w.key"),
          "curve\n    public-key = \"" + s.digitalocean().worker().curvePublicKey() + "\"\n");
      await().atMost(Duration.ofSeconds(30)).until(() -> gate.get().equals(Optional.empty()));
    }
  }
}
