package io.yogurt.provider.digitalocean;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The steps that turn a fresh Debian or Ubuntu machine into a running worker, rendered once as a
 * POSIX shell script: a system user {@code yogurt}, the release package (refused unless its SHA-256
 * matches), CURVE key files readable by that user only, and a supervisord program that runs {@code
 * yogurt worker} named after the machine. How the script reaches a machine is another class's job:
 * {@link UserData} wraps it in cloud-init for a droplet; {@link #shellScript()} adds the package
 * installation for a server reached over SSH. The script holds the CURVE secret key: never log it.
 *
 * @param packages Debian packages the steps need, installed by the wrapper
 * @param script the steps, run as root
 */
public record WorkerInstall(List<String> packages, String script) {

  /** The distribution's packages every worker machine needs. */
  public static final List<String> PACKAGES =
      List.of("openjdk-17-jre-headless", "supervisor", "curl");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_0-9]+)}}");

  /** The steps for a worker of {@code pool} serving {@code service}. */
  public static WorkerInstall render(
      DigitalOceanSettings.WorkerBoot worker, String pool, String service) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("pool", pool);
    values.put("packages", String.join(" ", PACKAGES));
    values.put("service", shellQuote(service));
    values.put("broker_endpoint", shellQuote(worker.brokerEndpoint()));
    values.put("handler", shellQuote(worker.handler()));
    values.put("package_url", shellQuote(worker.packageUrl()));
    values.put("package_sha256", shellQuote(worker.packageSha256()));
    values.put("curve_server_key", shellQuote(worker.curveServerKey()));
    values.put("curve_public_key", shellQuote(worker.curvePublicKey()));
    values.put("curve_secret_key", shellQuote(worker.curveSecretKey().reveal()));
    Matcher m = PLACEHOLDER.matcher(template());
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = values.get(m.group(1));
      if (v == null) {
        throw new IllegalStateException("worker-install.sh: unknown placeholder " + m.group());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return new WorkerInstall(PACKAGES, out.toString());
  }

  /**
   * The whole install as one script for a machine reached over SSH: the packages from the
   * distribution, then the steps.
   */
  public String shellScript() {
    String install =
        "export DEBIAN_FRONTEND=noninteractive\n"
            + "apt-get update -qq\n"
            + "apt-get install -y -qq --no-install-recommends "
            + String.join(" ", packages)
            + "\n";
    int body = script.indexOf("\nset -eu\n");
    return script.substring(0, body + 1) + "set -eu\n" + install + script.substring(body + 9);
  }

  @Override
  public String toString() {
    return "WorkerInstall[packages=" + packages + ", script=*** (holds the CURVE secret key)]";
  }

  /** {@code 'text'}, with each single quote closed, escaped and reopened. */
  static String shellQuote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  private static String template() {
    try (InputStream in = WorkerInstall.class.getResourceAsStream("worker-install.sh")) {
      if (in == null) {
        throw new IOException("worker-install.sh missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
