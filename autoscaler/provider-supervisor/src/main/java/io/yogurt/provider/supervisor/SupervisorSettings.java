package io.yogurt.provider.supervisor;

import io.yogurt.config.ConfigSection;
import io.yogurt.config.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The {@code supervisor:} section: the servers, the program each pool's workers run as, and how
 * long to wait for a host. Read once at the edge; the provider trusts it.
 *
 * @param program the supervisord program of a pool's workers; {@code {pool}} is the pool's name
 * @param recheckAfter a host that refused (wrong credentials, not supervisord) is asked again only
 *     after this, so that a mistake is not retried every tick
 * @param worker what {@code yogurt hosts install} puts on each host
 */
public record SupervisorSettings(
    List<HostSettings> hosts,
    String program,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration recheckAfter,
    WorkerInstall worker) {

  /**
   * The worker install on a host.
   *
   * @param packageUrl the Yogurt release tarball (https, or file:// for a local copy)
   * @param packageSha256 its SHA-256; the install refuses a package that differs
   * @param installDir where the release is unpacked on the host
   * @param confDir supervisord's include directory on the host, where the program file goes
   * @param user the unprivileged user the workers run as; empty: supervisord's own
   * @param supervisorctl the command that talks to the host's supervisord (e.g. with {@code -c
   *     FILE})
   * @param curveSecretKey the workers' CURVE secret key (Z85); never printed
   */
  public record WorkerInstall(
      String packageUrl,
      String packageSha256,
      String brokerEndpoint,
      String handler,
      String installDir,
      String confDir,
      String user,
      String supervisorctl,
      String curveServerKey,
      String curvePublicKey,
      Secret curveSecretKey) {

    static WorkerInstall from(ConfigSection s) {
      WorkerInstall w =
          new WorkerInstall(
              s.string("package-url", ""),
              s.string("package-sha256", ""),
              s.string("broker-endpoint", "tcp://127.0.0.1:5555"),
              s.string("handler", "echo"),
              s.string("install-dir", "/opt/yogurt"),
              s.string("conf-dir", "/etc/supervisor/conf.d"),
              s.string("user", "yogurt"),
              s.string("supervisorctl", "supervisorctl"),
              s.string("curve-server-key", ""),
              s.string("curve-public-key", ""),
              s.secret("curve-secret-key", ""));
      if (!w.packageSha256.isEmpty() && !w.packageSha256.matches("[0-9a-f]{64}")) {
        s.error(
            "package-sha256",
            "got '" + w.packageSha256 + "', expected 64 lowercase hex digits (sha256sum)");
      }
      boolean anyCurve =
          !w.curveServerKey.isEmpty() || !w.curvePublicKey.isEmpty() || !w.curveSecretKey.isEmpty();
      if (anyCurve) {
        z85(s, "curve-server-key", w.curveServerKey.length());
        z85(s, "curve-public-key", w.curvePublicKey.length());
        z85(s, "curve-secret-key", w.curveSecretKey.reveal().length());
      }
      for (String dir : List.of("install-dir", "conf-dir")) {
        String value = dir.equals("install-dir") ? w.installDir : w.confDir;
        if (!value.matches("/[A-Za-z0-9._/-]*")) {
          s.error(dir, "got '" + value + "', expected an absolute path of plain characters");
        }
      }
      return w;
    }

    /** True when the worker talks CURVE to the broker. */
    public boolean curve() {
      return !curveServerKey.isEmpty();
    }

    private static void z85(ConfigSection s, String key, int length) {
      if (length != 40) {
        // The value itself is not echoed: it may be the secret key.
        s.error(
            key,
            "expected a 40-character Z85 CURVE key (all three curve-* keys go together), got "
                + length
                + " characters");
      }
    }
  }

  public static SupervisorSettings from(ConfigSection s) {
    return from(s, System::getenv);
  }

  public static SupervisorSettings from(ConfigSection s, UnaryOperator<String> env) {
    List<HostSettings> hosts = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ConfigSection h : s.list("hosts")) {
      HostSettings host = HostSettings.from(h, env);
      if (!host.name().isEmpty() && !names.add(host.name())) {
        h.error("name", "host '" + host.name() + "' is listed twice (expected unique names)");
      }
      hosts.add(host);
    }
    String program = s.string("program", "yogurt-{pool}");
    if (!program.contains("{pool}") || !program.replace("{pool}", "p").matches("[A-Za-z0-9_.-]+")) {
      s.error(
          "program",
          "got '"
              + program
              + "', expected a program name with {pool} in it, of letters, digits, '-', '_', '.'");
    }
    return new SupervisorSettings(
        List.copyOf(hosts),
        program,
        s.duration(
            "connect-timeout",
            Duration.ofSeconds(2),
            Duration.ofMillis(100),
            Duration.ofMinutes(1)),
        s.duration(
            "request-timeout",
            Duration.ofSeconds(5),
            Duration.ofMillis(100),
            Duration.ofMinutes(5)),
        s.duration(
            "recheck-after", Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofHours(1)),
        WorkerInstall.from(s.section("worker")));
  }

  /**
   * Checks what {@code provider: supervisor} needs beyond the section itself: at least one host,
   * and pool names that can be part of process names.
   */
  public static void checkUse(ConfigSection s, SupervisorSettings settings, List<String> pools) {
    if (settings.hosts.isEmpty()) {
      s.error(
          "hosts",
          "provider is supervisor but no host is listed; expected at least one host with name and"
              + " url (docs/supervisor.md)");
    }
    for (String pool : pools) {
      if (!HostSettings.NAME.matcher(pool).matches()) {
        s.error(
            "program",
            "pool '"
                + pool
                + "' cannot name supervisord processes; expected pool names of lowercase letters,"
                + " digits and '-' with provider supervisor");
      }
    }
  }

  /** The supervisord program that runs a pool's workers. */
  public String programOf(String pool) {
    return program.replace("{pool}", pool);
  }

  public Optional<HostSettings> host(String name) {
    return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
  }

  /**
   * A host's process name for slot {@code n} of a pool: the worker's identity, the instance's name.
   */
  public static String processName(String pool, String host, int slot) {
    return String.format("%s-%s-%02d", pool, host, slot);
  }
}
