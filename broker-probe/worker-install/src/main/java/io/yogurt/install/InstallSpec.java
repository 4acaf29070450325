package io.yogurt.install;

import io.yogurt.config.Secret;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What one worker install is made of: the parameters of {@link WorkerInstallTemplate} that differ
 * between deliveries (a droplet's cloud-init, a server reached over ssh).
 *
 * @param machine the name the install's messages give the machine; empty: the machine's own
 *     hostname when the script runs (a droplet's name)
 * @param user the unprivileged user the workers run as, created when missing; empty: none
 *     (supervisord's own user)
 * @param settingsKey the config section that messages name, e.g. {@code digitalocean.worker}
 * @param supervisorctl the command that talks to the machine's supervisord, e.g. with {@code -c
 *     FILE}
 * @param programs the supervisord programs written and taken in, in order
 */
public record InstallSpec(
    String machine,
    Layout layout,
    Release release,
    String user,
    String settingsKey,
    String supervisorctl,
    Curve curve,
    List<Program> programs) {

  public InstallSpec {
    programs = List.copyOf(programs);
    if (programs.isEmpty()) {
      throw new IllegalArgumentException("a worker install needs at least one program");
    }
  }

  /**
   * Where the install puts things on the machine: absolute paths.
   *
   * @param installDir where the release package is unpacked ({@code bin/yogurt} in it)
   * @param keysDir where the CURVE key files go ({@code broker.key}, {@code worker.key_secret})
   * @param confDir supervisord's include directory, one {@code <program>.conf} per program
   * @param logDir where the programs' logs go
   */
  public record Layout(String installDir, String keysDir, String confDir, String logDir) {}

  /**
   * The release package: downloaded with curl, refused unless its SHA-256 is {@code sha256}.
   *
   * @param protocols the URL schemes curl may use ({@code --proto}), e.g. {@code https}
   */
  public record Release(String url, String sha256, List<String> protocols) {
    public Release {
      protocols = List.copyOf(protocols);
    }
  }

  /**
   * The workers' CURVE keys (Z85); all empty when the workers talk to the broker in the clear.
   *
   * @param secretKey never printed: it reaches the machine only in a 0600 file
   */
  public record Curve(String serverKey, String publicKey, Secret secretKey) {

    /** No CURVE. */
    public static final Curve NONE = new Curve("", "", new Secret(""));

    /** True when the key files are written and passed to the workers. */
    public boolean on() {
      return !serverKey.isEmpty();
    }
  }

  /**
   * One supervisord program: its name (the file {@code <name>.conf} and the group that {@code
   * supervisorctl update} takes in), a few words the install prints when it writes the file, and
   * its section. The section lands in an unquoted here-document, so that it can use the script's
   * variables, expanded on the machine: {@code $name} (the machine's name), {@code $dir}, {@code
   * $keys}, {@code $log_dir}. {@link #literal} escapes text that must land as it is.
   */
  public record Program(String name, String summary, String section) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    /** Ends the here-document; no section line may be this. */
    static final String END = "YOGURT_PROGRAM";

    public Program {
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "program name '" + name + "': expected letters, digits, '-', '_', '.'");
      }
      if (summary.contains("'") || summary.contains("\n")) {
        throw new IllegalArgumentException("program summary: expected one line without quotes");
      }
      if (section.lines().anyMatch(END::equals)) {
        throw new IllegalArgumentException("program " + name + ": a line of its section is " + END);
      }
    }

    /** A program whose section is taken as it is: no variable of the script expands in it. */
    public static Program literal(String name, String summary, String section) {
      return new Program(name, summary, escape(section));
    }

    /** {@code text} for an unquoted here-document, where it then stands for itself. */
    public static String escape(String text) {
      return text.replace("\\", "\\\\").replace("$", "\\$").replace("`", "\\`");
    }
  }
}
