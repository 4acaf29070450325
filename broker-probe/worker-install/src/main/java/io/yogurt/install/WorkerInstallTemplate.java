package io.yogurt.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The worker install, one POSIX shell template ({@code worker-install.sh}) for every delivery: a
 * Java 17 runtime from the distribution if missing, the workers' unprivileged user, the release
 * package (refused unless its SHA-256 matches; skipped when that version is installed), the CURVE
 * key files (0600, written by the shell's builtin printf), the supervisord programs, then {@code
 * supervisorctl reread} and {@code update} of those programs. What differs between a droplet's
 * cloud-init and an install over ssh is an {@link InstallSpec}; how the script reaches the machine
 * is the caller's job.
 */
public final class WorkerInstallTemplate {

  /** The distribution's Java runtime, installed when the machine has no {@code java}. */
  public static final String JAVA_PACKAGE = "openjdk-17-jre-headless";

  /** Opens the parameters, which differ between deliveries; the steps follow them. */
  public static final String PARAMETERS_MARK = "# ---- parameters:";

  /** Opens the program sections, which differ between deliveries. */
  public static final String PROGRAMS_MARK = "# ---- programs:";

  /** Opens a run of steps that is the same for every delivery. */
  public static final String STEPS_MARK = "# ---- steps";

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_0-9]+)}}");
  private static final String TEMPLATE = load();

  private WorkerInstallTemplate() {}

  /** The install {@code spec} describes. */
  public static InstallScript render(InstallSpec spec) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("name", spec.machine().isEmpty() ? "\"$(hostname)\"" : quote(spec.machine()));
    values.put("install_dir", quote(spec.layout().installDir()));
    values.put("keys_dir", quote(spec.layout().keysDir()));
    values.put("conf_dir", quote(spec.layout().confDir()));
    values.put("log_dir", quote(spec.layout().logDir()));
    values.put("user", quote(spec.user()));
    values.put("package_url", quote(spec.release().url()));
    values.put("package_sha256", quote(spec.release().sha256()));
    values.put("package_protocols", quote(String.join(",", spec.release().protocols())));
    values.put("settings", quote(spec.settingsKey()));
    values.put("supervisorctl", quote(spec.supervisorctl()));
    List<String> names = new ArrayList<>();
    StringBuilder sections = new StringBuilder();
    for (InstallSpec.Program p : spec.programs()) {
      names.add(p.name());
      sections.append("program ").append(p.name()).append(" '").append(p.summary()).append("' <<");
      sections.append(InstallSpec.Program.END).append('\n').append(p.section());
      if (!p.section().endsWith("\n")) {
        sections.append('\n');
      }
      sections.append(InstallSpec.Program.END).append('\n');
    }
    values.put("programs", quote(String.join(" ", names)));
    values.put("program_sections", sections.toString().stripTrailing());
    values.put("curve_server_key", quote(spec.curve().serverKey()));
    values.put("curve_public_key", quote(spec.curve().publicKey()));
    values.put("java_package", JAVA_PACKAGE);
    values.put("curve_secret_key", quote(spec.curve().secretKey().reveal()));
    String script = fill(values);
    values.put("curve_secret_key", spec.curve().on() ? "'***'" : "''");
    return new InstallScript(script, fill(values), names);
  }

  /** {@code 'text'}, each single quote closed, escaped and reopened. */
  public static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  private static String fill(Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(TEMPLATE);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = values.get(m.group(1));
      if (v == null) {
        throw new IllegalStateException("worker-install.sh: unknown placeholder " + m.group());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String load() {
    try (InputStream in = WorkerInstallTemplate.class.getResourceAsStream("worker-install.sh")) {
      if (in == null) {
        throw new IOException("worker-install.sh missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
