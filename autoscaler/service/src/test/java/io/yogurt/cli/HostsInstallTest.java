package io.yogurt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.broker.Broker;
import io.yogurt.broker.BrokerSettings;
import io.yogurt.broker.CurveSettings;
import io.yogurt.broker.curve.CurveKeys;
import io.yogurt.provider.supervisor.ProcessInfo;
import io.yogurt.provider.supervisor.ProcessState;
import io.yogurt.provider.supervisor.Supervisord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code yogurt hosts install}: what --dry-run prints, the one error for a host not in the config,
 * and (tagged: a real sshd and a real supervisord) the install itself onto this machine through
 * ssh, with a CURVE broker the worker must register with, run twice.
 */
class HostsInstallTest {

  @TempDir Path tmp;

  private final CurveKeys server = CurveKeys.generate();
  private final CurveKeys workers = CurveKeys.generate();

  private record Run(int code, String out, String err) {}

  private static synchronized Run yogurt(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = Yogurt.execute(args);
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  private Path config(String url, String sshTarget, Path pkg, String sha, String ctl, Path conf)
      throws Exception {
    return Files.writeString(
        tmp.resolve("yogurt.yaml"),
        """
        provider: supervisor
        pools:
          echo:
            max: 4
        broker:
          bind: tcp://127.0.0.1:%d
        supervisor:
          hosts:
            - {name: a, url: "%s", password: "x", max-workers: 2, ssh: "%s"}
          worker:
            package-url: "%s"
            package-sha256: "%s"
            broker-endpoint: tcp://127.0.0.1:%d
            install-dir: %s
            conf-dir: %s
            user: ""
            supervisorctl: "%s"
            curve-server-key: "%s"
            curve-public-key: "%s"
            curve-secret-key: "%s"
        """
            .formatted(
                brokerPort,
                url,
                sshTarget,
                pkg.toUri(),
                sha,
                brokerPort,
                tmp.resolve("opt"),
                conf,
                ctl,
                server.publicKeyZ85(),
                workers.publicKeyZ85(),
                workers.secretKeyZ85()));
  }

  private int brokerPort = 5555;

  @Test
  void dryRunPrintsEveryCommandAndNeverTheSecretKey() throws Exception {
    Path config =
        config(
            "http://10.0.0.5:9001/RPC2",
            "deploy@10.0.0.5",
            tmp.resolve("yogurt.tar.gz"),
            "0".repeat(64),
            "supervisorctl",
            Path.of("/etc/supervisor/conf.d"));
    Run r =
        yogurt("hosts", "install", "deploy@10.0.0.5", "--dry-run", "--config", config.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("ssh -o BatchMode=yes deploy@10.0.0.5 'sh -s' <<'EOF'"), r.out());
    assertTrue(r.out().contains("[program:yogurt-echo]"), r.out());
    assertTrue(r.out().contains("numprocs=8"), r.out());
    assertTrue(r.out().contains("--curve-keys " + tmp.resolve("opt") + "/keys/worker.key_secret"));
    assertTrue(
        r.out()
            .contains(
                "ssh -o BatchMode=yes deploy@10.0.0.5 'supervisorctl start yogurt-echo:echo-a-07'"),
        r.out());
    assertTrue(r.out().contains("'***'"), "the secret key is shown as ***");
    assertFalse(r.out().contains(workers.secretKeyZ85()), "never the secret key");
    assertFalse(r.err().contains(workers.secretKeyZ85()));
    assertFalse(Files.exists(tmp.resolve("opt")), "a dry run does nothing");
  }

  @Test
  void aHostNotInTheConfigIsOneErrorListingTheHosts() throws Exception {
    Path config =
        config(
            "http://10.0.0.5:9001/RPC2",
            "deploy@10.0.0.5",
            tmp.resolve("yogurt.tar.gz"),
            "0".repeat(64),
            "supervisorctl",
            Path.of("/etc/supervisor/conf.d"));
    Run r = yogurt("hosts", "install", "root@10.9.9.9", "--config", config.toString());
    assertEquals(2, r.code());
    assertTrue(
        r.err()
            .contains(
                "USER@HOST: got 'root@10.9.9.9', which is not the hosts of supervisor.hosts"
                    + " [a (deploy@10.0.0.5)]"),
        r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace");
  }

  @Test
  @Tag("sshd")
  @Tag("supervisord")
  void installsOverSshTheWorkerRegistersAndASecondRunChangesNothing() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      brokerPort = s.getLocalPort();
    }
    Path[] serverKey = server.save(Files.createDirectories(tmp.resolve("broker")), "broker");
    Path pkg = releasePackage();
    String sha = sha256(pkg);
    try (Supervisord host = Supervisord.start(tmp.resolve("host"), "");
        Sshd sshd = Sshd.start(tmp.resolve("sshd"));
        Broker broker =
            Broker.start(
                BrokerSettings.defaults("tcp://127.0.0.1:" + brokerPort)
                    .withCurve(new CurveSettings(true, serverKey[1].toString(), "", "")),
                InstantSource.system())) {
      Path config =
          config(
              host.url(),
              sshd.target(),
              pkg,
              sha,
              "supervisorctl -c " + host.config(),
              host.includeDir());
      String[] install = {
        "hosts",
        "install",
        sshd.target(),
        "--config",
        config.toString(),
        "--ssh-config",
        sshd.clientConfig().toString(),
        "--check-timeout",
        "90s"
      };
      Run first = yogurt(install);
      System.out.print(first.err() + first.out()); // the figures: how long the worker took
      assertEquals(0, first.code(), first.out() + first.err());
      assertTrue(first.out().contains("worker echo-a-07 registered"), first.out());
      assertTrue(first.err().contains("package installed in " + tmp.resolve("opt")), first.err());
      assertTrue(first.err().contains("program yogurt-echo written (8 slots)"), first.err());
      assertFalse((first.out() + first.err()).contains(workers.secretKeyZ85()));

      Path secret = tmp.resolve("opt/keys/worker.key_secret");
      assertEquals(
          "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
      assertTrue(Files.readString(secret).contains(workers.secretKeyZ85()));
      String program = Files.readString(host.includeDir().resolve("yogurt-echo.conf"));
      assertFalse(program.contains(workers.secretKeyZ85()), "no secret on the command line");
      List<ProcessInfo> slots = host.api().processes().get();
      assertEquals(8, slots.size(), "4 slots per allowed worker: " + slots);
      assertEquals("echo-a-07", slots.get(7).name());
      assertTrue(
          slots.stream().allMatch(p -> p.state() == ProcessState.STOPPED),
          "the check's worker is stopped again; Yogurt starts slots: " + slots);

      Run second = yogurt(install);
      System.out.print(second.err() + second.out());
      assertEquals(0, second.code(), second.out() + second.err());
      assertTrue(second.err().contains("package " + sha + " already installed"), second.err());
      assertTrue(second.err().contains("program yogurt-echo unchanged"), second.err());

      Files.writeString(
          config,
          Files.readString(config)
              .replace(sha, "f".repeat(64))
              .replace(tmp.resolve("opt").toString(), tmp.resolve("opt2").toString()));
      Run refused = yogurt(install);
      assertEquals(1, refused.code());
      assertTrue(
          refused
              .err()
              .contains(
                  "expected " + "f".repeat(64) + " (supervisor.worker.package-sha256): refused"),
          refused.err());
    }
  }

  /** A release package as scripts/release lays it out: a top folder with bin/yogurt in it. */
  private Path releasePackage() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("release/yogurt-test/bin"));
    String java = ProcessHandle.current().info().command().orElse("java");
    Path launcher =
        Files.writeString(
            root.resolve("yogurt"),
            "#!/bin/sh\nexec "
                + java
                + " -Xmx48m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '"
                + System.getProperty("java.class.path")
                + "' io.yogurt.cli.Yogurt \"$@\"\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path pkg = tmp.resolve("yogurt-test.tar.gz");
    Process tar =
        new ProcessBuilder(
                "tar",
                "-czf",
                pkg.toString(),
                "-C",
                tmp.resolve("release").toString(),
                "yogurt-test")
            .inheritIO()
            .start();
    assertEquals(0, tar.waitFor());
    return pkg;
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
