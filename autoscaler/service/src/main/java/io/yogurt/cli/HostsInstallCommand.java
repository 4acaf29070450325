package io.yogurt.cli;

import io.yogurt.autoscaler.Settings;
import io.yogurt.broker.curve.CurveClient;
import io.yogurt.broker.curve.CurveKeys;
import io.yogurt.broker.probe.MdpProbe;
import io.yogurt.broker.probe.ProbeSettings;
import io.yogurt.config.InvalidInputException;
import io.yogurt.models.BrokerReading;
import io.yogurt.models.ServiceLoad;
import io.yogurt.models.WorkerStatus;
import io.yogurt.provider.supervisor.HostInstall;
import io.yogurt.provider.supervisor.HostSettings;
import io.yogurt.provider.supervisor.SupervisorProgram;
import io.yogurt.provider.supervisor.SupervisorSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code yogurt hosts install USER@HOST}: puts the worker onto a server of {@code supervisor.hosts}
 * over the system's ssh (the install script on standard input), then checks that a worker started
 * there registers with the broker, and stops it again. Idempotent; {@code --dry-run} prints every
 * command instead, the CURVE secret key as ***.
 */
@Command(
    name = "install",
    mixinStandardHelpOptions = true,
    description = {
      "Install the worker onto a host of supervisor.hosts over ssh: a Java runtime if missing, the",
      "release package, CURVE key files, one supervisord program per pool; then check that a",
      "worker started there registers with the broker. Safe to run again."
    })
final class HostsInstallCommand implements Callable<Integer> {

  private final InstantSource clock;

  HostsInstallCommand(InstantSource clock) {
    this.clock = clock;
  }

  @Mixin CommonOptions common;

  @Parameters(
      index = "0",
      paramLabel = "USER@HOST",
      description = "The host's ssh target (supervisor.hosts[].ssh), or its name.")
  String target;

  @Option(names = "--dry-run", description = "Print every command; run none.")
  boolean dryRun;

  @Option(
      names = "--ssh-config",
      paramLabel = "FILE",
      description = "An ssh_config file for ssh -F (port, key, known hosts).")
  Path sshConfig;

  @Option(names = "--sudo", description = "Run the install with sudo -n (a non-root ssh user).")
  boolean sudo;

  @Option(
      names = "--check-timeout",
      defaultValue = "60s",
      paramLabel = "DURATION",
      description = "How long the worker may take to register (default: ${DEFAULT-VALUE}).")
  String checkTimeout;

  @Override
  public Integer call() throws Exception {
    Settings settings = Settings.load(common.configFile());
    SupervisorSettings supervisor = settings.supervisor();
    HostSettings host = host(supervisor);
    requirePackage(supervisor.worker());
    Duration timeout = OverrideCommands.duration("--check-timeout", checkTimeout);
    Map<String, String> services = new LinkedHashMap<>();
    settings.pools().forEach(p -> services.put(p.spec().name(), p.spec().service()));
    HostInstall install = HostInstall.render(supervisor, host, services);
    Ssh ssh = new Ssh(target.contains("@") ? target : host.sshTarget(), sshConfig, sudo);
    String pool = settings.pools().get(0).spec().name();
    String worker =
        SupervisorSettings.processName(
            pool, host.name(), host.maxWorkers() * SupervisorProgram.SLOTS_PER_WORKER - 1);
    String slot = supervisor.programOf(pool) + ":" + worker;
    String ctl = supervisor.worker().supervisorctl();
    ProbeSettings probe = new ProbeSettings(settings.probe().brokersOr(settings.broker().bind()));
    String brokers = probe.brokers().stream().map(b -> b.endpoint()).toList().toString();

    if (dryRun) {
      System.out.println("# 1. the install, its script on standard input (the secret key as ***):");
      System.out.println(Ssh.show(ssh.command("sh -s")) + " <<'EOF'");
      System.out.print(install.shown());
      System.out.println("EOF");
      System.out.println("# 2. the check: start one slot, see its worker at the broker, stop it:");
      System.out.println(Ssh.show(ssh.command(ctl + " start " + slot)));
      System.out.println(
          "# wait up to " + timeout.toSeconds() + " s for worker " + worker + " at " + brokers);
      System.out.println(Ssh.show(ssh.command(ctl + " stop " + slot)));
      return ExitCodes.OK;
    }

    System.err.println("yogurt hosts install: " + host.where() + " over ssh " + ssh.target());
    Ssh.Result r = ssh.run("sh -s", install.script(), 900);
    r.output().lines().forEach(l -> System.err.println("  " + l));
    if (r.exitCode() != 0) {
      System.err.println(
          "yogurt: hosts install on "
              + host.name()
              + " failed"
              + (r.exitCode() == 255
                  ? ": ssh could not reach " + ssh.target() + " (expected ssh access as USER@HOST)"
                  : " (exit " + r.exitCode() + ")"));
      return ExitCodes.FAILURE;
    }
    return check(ssh, ctl, slot, worker, probe, brokers, timeout, supervisor);
  }

  /** Starts one slot, waits for its worker at the broker, and stops it if it was not running. */
  private int check(
      Ssh ssh,
      String ctl,
      String slot,
      String worker,
      ProbeSettings probe,
      String brokers,
      Duration timeout,
      SupervisorSettings supervisor)
      throws Exception {
    Ssh.Result start = ssh.run(ctl + " start " + slot, "", 120);
    boolean started = start.exitCode() == 0;
    if (!started && !start.output().contains("already started")) {
      System.err.println("yogurt: cannot start " + slot + " on the host: " + start.output());
      return ExitCodes.FAILURE;
    }
    Instant began = clock.instant();
    Optional<Duration> registered;
    // A CURVE broker is probed with the workers' own keys, as they would connect.
    SupervisorSettings.WorkerInstall w = supervisor.worker();
    CurveClient curve =
        w.curve()
            ? new CurveClient(
                new CurveKeys(w.curvePublicKey(), w.curveSecretKey().reveal()), w.curveServerKey())
            : null;
    try (MdpProbe p = new MdpProbe(probe, curve, clock)) {
      registered = awaitWorker(p, worker, began, timeout);
    } finally {
      if (started) {
        ssh.run(ctl + " stop " + slot, "", 120);
      }
    }
    if (registered.isEmpty()) {
      System.err.println(
          "yogurt: worker "
              + worker
              + " did not register with "
              + brokers
              + " within "
              + timeout.toSeconds()
              + " s; expected it to reach supervisor.worker.broker-endpoint ("
              + supervisor.worker().brokerEndpoint()
              + ") from the host, with the right CURVE keys; its log is "
              + supervisor.worker().installDir()
              + "/log/"
              + worker
              + ".log on the host");
      return ExitCodes.FAILURE;
    }
    System.out.printf(
        Locale.ROOT,
        "installed on %s: worker %s registered with %s after %.1f s%n",
        ssh.target(),
        worker,
        brokers,
        registered.get().toMillis() / 1000.0);
    return ExitCodes.OK;
  }

  private Optional<Duration> awaitWorker(
      MdpProbe probe, String worker, Instant began, Duration timeout) throws InterruptedException {
    while (true) {
      Instant now = clock.instant();
      for (BrokerReading b : probe.observe(now).brokers()) {
        for (ServiceLoad s : b.services()) {
          if (s.workers().stream().map(WorkerStatus::identity).anyMatch(worker::equals)) {
            return Optional.of(Duration.between(began, now));
          }
        }
      }
      if (Duration.between(began, now).compareTo(timeout) >= 0) {
        return Optional.empty();
      }
      Thread.sleep(500);
    }
  }

  private HostSettings host(SupervisorSettings s) throws InvalidInputException {
    String hostPart = target.substring(target.indexOf('@') + 1);
    List<HostSettings> matches =
        s.hosts().stream()
            .filter(
                h ->
                    h.ssh().equals(target)
                        || h.name().equals(target)
                        || h.sshTarget().equals(target)
                        || h.url().getHost().equals(hostPart)
                        || h.sshTarget().endsWith("@" + hostPart))
            .toList();
    if (matches.size() == 1) {
      return matches.get(0);
    }
    List<String> known =
        s.hosts().stream().map(h -> h.name() + " (" + h.sshTarget() + ")").toList();
    throw new InvalidInputException(
        "USER@HOST: got '"
            + target
            + "', "
            + (matches.isEmpty() ? "which is not" : "which matches more than one of")
            + " the hosts of supervisor.hosts "
            + (known.isEmpty() ? "(none is configured)" : known.toString())
            + "; expected a host's ssh target or name");
  }

  private static void requirePackage(SupervisorSettings.WorkerInstall w)
      throws InvalidInputException {
    if (w.packageUrl().isEmpty() || w.packageSha256().isEmpty()) {
      throw new InvalidInputException(
          "supervisor.worker.package-url and package-sha256: expected the release tarball's URL"
              + " (https:// or file://) and its SHA-256, got "
              + (w.packageUrl().isEmpty() ? "no URL" : "no checksum"));
    }
  }
}
