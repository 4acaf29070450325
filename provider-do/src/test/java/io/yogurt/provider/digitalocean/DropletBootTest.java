package io.yogurt.provider.digitalocean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.provider.digitalocean.fake.DropletEmulator;
import io.yogurt.provider.digitalocean.fake.DropletEmulator.State;
import io.yogurt.provider.digitalocean.fake.FakeDigitalOceanRig;
import io.yogurt.provider.digitalocean.fake.PackageServer;
import io.yogurt.provider.digitalocean.fake.SelfSignedTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boots droplets from the user data the provider sends, in the droplet emulator: the install steps
 * run, the package is verified, the key files are owner-only, and the supervisord program is the
 * worker named after the droplet, with no secret on its command line.
 */
class DropletBootTest {

  static final String SECRET = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6";
  static final String Z85 = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";

  @TempDir Path dir;
  FakeDigitalOceanRig rig;
  DropletEmulator emulator;
  PackageServer packages;

  @BeforeEach
  void start() throws Exception {
    rig = new FakeDigitalOceanRig(dir);
    emulator = new DropletEmulator(dir.resolve("droplets"), rig.caFile());
    rig.api.listener(emulator);
    // A stand-in package: its bin/yogurt records its arguments and waits, as a worker would.
    Path bin = Files.createDirectories(dir.resolve("pkg/yogurt-9.9/bin"));
    Files.writeString(
        bin.resolve("yogurt"),
        "#!/bin/sh\necho \"$@\" > \"$(dirname \"$0\")/../args\"\nexec sleep 600\n");
    Files.setPosixFilePermissions(
        bin.resolve("yogurt"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Path tarball = dir.resolve("yogurt-9.9.tar.gz");
    Process tar =
        new ProcessBuilder(
                "tar",
                "-czf",
                tarball.toString(),
                "-C",
                dir.resolve("pkg").toString(),
                "yogurt-9.9")
            .inheritIO()
            .start();
    assertEquals(0, tar.waitFor());
    packages = new PackageServer(tarball, SelfSignedTls.shared());
  }

  @AfterEach
  void stop() {
    emulator.close();
    packages.close();
    rig.close();
  }

  private DigitalOceanProvider provider(String sha256) throws Exception {
    return rig.provider(
        rig.settings(
            "worker:\n  package-url: "
                + packages.url()
                + "\n  package-sha256: "
                + sha256
                + "\n  broker-endpoint: tcp://10.116.0.2:5555\n  handler: sleep:5ms\n"
                + "  curve-server-key: '"
                + Z85
                + "'\n  curve-public-key: '"
                + Z85
                + "'\n  curve-secret-key: '"
                + SECRET
                + "'\n"));
  }

  @Test
  void aDropletBootsIntoTheWorkerNamedAfterItWithOwnerOnlyKeyFiles() throws Exception {
    try (DigitalOceanProvider p = provider(packages.sha256())) {
      p.launch("web", 1, "web-b1");
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> emulator.boots().stream().allMatch(b -> b.state() != State.BOOTING));
    DropletEmulator.Boot boot = emulator.boots().get(0);
    assertEquals(State.RUNNING, boot.state(), boot.detail());
    Path root = boot.root();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Files.exists(root.resolve("opt/yogurt/args")));
    String args = Files.readString(root.resolve("opt/yogurt/args")).strip();
    assertEquals(
        "worker --endpoint tcp://10.116.0.2:5555 --service web --name web-b1-0 --handler sleep:5ms"
            + " --curve-server "
            + root
            + "/etc/yogurt/keys/broker.key --curve-keys "
            + root
            + "/etc/yogurt/keys/worker.key_secret",
        args);
    Path secretFile = root.resolve("etc/yogurt/keys/worker.key_secret");
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile)));
    assertTrue(Files.readString(secretFile).contains("secret-key = \"" + SECRET + "\""));
    assertFalse(
        Files.exists(root.resolve("var/lib/yogurt-install/install.sh")), "removed after use");
    String conf = Files.readString(root.resolve("etc/supervisor/conf.d/yogurt-worker.conf"));
    assertTrue(conf.contains("user=yogurt\n") && conf.contains("autorestart=true\n"), conf);
    assertEquals(List.of("yogurt"), Files.readAllLines(root.resolve("etc/passwd")), "its own user");
    for (ProcessHandle h : emulator.processes()) {
      assertFalse(
          h.info().commandLine().orElse("").contains(SECRET), "no secret on a command line");
    }

    rig.clock.advance(Duration.ofMinutes(1));
    try (DigitalOceanProvider p = provider(packages.sha256())) {
      p.destroy(p.list("web").get(0));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> emulator.processes().isEmpty());
  }

  @Test
  void aPackageWhoseChecksumDiffersIsRefusedAtBoot() throws Exception {
    String wrong = "0".repeat(64);
    try (DigitalOceanProvider p = provider(wrong)) {
      p.launch("web", 1, "web-b2");
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> emulator.boots().stream().allMatch(b -> b.state() != State.BOOTING));
    DropletEmulator.Boot boot = emulator.boots().get(0);
    assertEquals(State.FAILED, boot.state());
    assertTrue(
        boot.detail()
            .contains(
                "yogurt install on web-b2-0: package "
                    + packages.url()
                    + " has SHA-256 "
                    + packages.sha256()
                    + ", expected "
                    + wrong
                    + " (digitalocean.worker.package-sha256): refused"),
        boot.detail());
    assertFalse(Files.exists(boot.root().resolve("opt/yogurt/bin/yogurt")), "nothing installed");
    assertTrue(emulator.processes().isEmpty());
  }
}
