package io.yogurt.provider.digitalocean;

import io.yogurt.config.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cloud-init user data a droplet boots with: the {@link WorkerInstall} steps wrapped in
 * cloud-config, rendered from a template with {@code {{name}}} placeholders: {@code pool}, {@code
 * service}, {@code broker_endpoint}, {@code handler}, {@code package_url}, {@code package_sha256},
 * {@code packages} (a YAML flow list), {@code install_script_b64} (the install script,
 * base64-encoded on one line), {@code curve_server_key}, {@code curve_public_key}, {@code
 * curve_secret_key}. The built-in template installs the packages and runs the install script. The
 * rendered text holds the CURVE secret key: it is never logged.
 */
public final class UserData {

  /** DigitalOcean refuses user data above 64 KiB. */
  public static final int MAX_BYTES = 64 * 1024;

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-z_0-9]+)\\s*}}");
  private static final Set<String> NAMES =
      Set.of(
          "pool",
          "service",
          "broker_endpoint",
          "handler",
          "package_url",
          "package_sha256",
          "packages",
          "install_script_b64",
          "curve_server_key",
          "curve_public_key",
          "curve_secret_key");

  private final String template;
  private final DigitalOceanSettings.WorkerBoot worker;

  private UserData(String template, DigitalOceanSettings.WorkerBoot worker) {
    this.template = template;
    this.worker = worker;
  }

  /**
   * Loads the configured template (or the built-in one) and checks it once: known placeholders
   * only, values on one line, and the result within 64 KiB.
   */
  public static UserData load(Path templateFile, DigitalOceanSettings.WorkerBoot worker)
      throws InvalidInputException {
    String text;
    try {
      text =
          templateFile == null ? builtIn() : Files.readString(templateFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException(
          "digitalocean.user-data-template: cannot read "
              + templateFile
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    }
    Set<String> unknown = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      if (!NAMES.contains(m.group(1))) {
        unknown.add(m.group(1));
      }
    }
    String where = templateFile == null ? "built-in template" : templateFile.toString();
    if (!unknown.isEmpty()) {
      throw new InvalidInputException(
          "digitalocean.user-data-template: "
              + where
              + " uses unknown placeholder(s) "
              + unknown
              + "; known: "
              + new TreeSet<>(NAMES));
    }
    UserData u = new UserData(text, worker);
    int size = u.render("pool", "service").getBytes(StandardCharsets.UTF_8).length;
    if (size > MAX_BYTES) {
      throw new InvalidInputException(
          "digitalocean.user-data-template: "
              + where
              + " renders to "
              + size
              + " bytes; DigitalOcean accepts at most "
              + MAX_BYTES);
    }
    for (var e : u.values("pool", "service").entrySet()) {
      if (e.getValue().contains("\n")) {
        throw new InvalidInputException(
            "digitalocean.worker: the value for " + e.getKey() + " must be on one line");
      }
    }
    return u;
  }

  /** The user data for a droplet of {@code pool} serving {@code service}. */
  public String render(String pool, String service) {
    Map<String, String> values = values(pool, service);
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }

  private Map<String, String> values(String pool, String service) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("pool", pool);
    v.put("service", service);
    v.put("broker_endpoint", worker.brokerEndpoint());
    v.put("handler", worker.handler());
    v.put("package_url", worker.packageUrl());
    v.put("package_sha256", worker.packageSha256());
    WorkerInstall install = WorkerInstall.render(worker, pool, service);
    v.put("packages", "[" + String.join(", ", install.packages()) + "]");
    v.put(
        "install_script_b64",
        Base64.getEncoder().encodeToString(install.script().getBytes(StandardCharsets.UTF_8)));
    v.put("curve_server_key", worker.curveServerKey());
    v.put("curve_public_key", worker.curvePublicKey());
    v.put("curve_secret_key", worker.curveSecretKey().reveal());
    return v;
  }

  private static String builtIn() throws IOException {
    try (InputStream in = UserData.class.getResourceAsStream("cloud-init.yaml")) {
      if (in == null) {
        throw new IOException("built-in cloud-init.yaml missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
