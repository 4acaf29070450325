package io.yogurt.provider.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The worker install for one host of the supervisor provider, rendered as one POSIX shell script
 * that the host runs (over SSH, as root or the SSH user): a Java runtime if missing, the release
 * package (refused unless its SHA-256 matches; skipped when that version is already there), the
 * CURVE key files (0600, written by the shell's builtin printf: never on a command line), and one
 * supervisord program per pool ({@link SupervisorProgram}), then {@code supervisorctl reread} and
 * {@code update} of those programs only. Running it again changes nothing that is already right.
 *
 * <p>The script holds the workers' CURVE secret key: show {@link #shown()}, never {@link
 * #script()}.
 *
 * <p>The droplets' {@code WorkerInstall} (provider-do) runs the same first steps from its own
 * template, for one autostarted program; the two are to become one template.
 */
public record HostInstall(String script, String shown, List<String> programs) {

  /** The Debian package installed when the host has no {@code java}. */
  public static final String JAVA_PACKAGE = "openjdk-17-jre-headless";

  private static final String SECRET_MARK = "@@CURVE_SECRET@@";

  /**
   * @param services each pool's broker service, by pool name, in config order
   */
  public static HostInstall render(
      SupervisorSettings settings, HostSettings host, Map<String, String> services) {
    SupervisorSettings.WorkerInstall w = settings.worker();
    String keys = w.installDir() + "/keys";
    List<String> programs = new ArrayList<>();
    StringBuilder s = new StringBuilder();
    s.append("#!/bin/sh\n");
    s.append("# Installs Yogurt workers on host ").append(host.name());
    s.append("; rendered by `yogurt hosts install`. Safe to run again.\n");
    s.append("set -eu\numask 022\n");
    s.append("dir=").append(quote(w.installDir())).append('\n');
    s.append("conf_dir=").append(quote(w.confDir())).append('\n');
    s.append("user=").append(quote(w.user())).append('\n');
    s.append("package_url=").append(quote(w.packageUrl())).append('\n');
    s.append("package_sha256=").append(quote(w.packageSha256())).append('\n');
    s.append("supervisorctl=").append(quote(w.supervisorctl())).append('\n');
    s.append("fail() { echo \"yogurt hosts install on ").append(host.name());
    s.append(": $*\" >&2; exit 1; }\n");
    s.append(STEPS);
    if (w.curve()) {
      s.append("# 4. CURVE keys, readable by the workers' user only.\n");
      s.append("umask 077\ninstall -d -m 0700 \"$dir/keys\"\n");
      s.append("printf 'curve\\n    public-key = \"%s\"\\n' ")
          .append(quote(w.curveServerKey()))
          .append(" >\"$dir/keys/broker.key\"\n");
      s.append("printf 'curve\\n    public-key = \"%s\"\\n    secret-key = \"%s\"\\n' ")
          .append(quote(w.curvePublicKey()))
          .append(' ')
          .append(SECRET_MARK)
          .append(" >\"$dir/keys/worker.key_secret\"\n");
      s.append("chmod 0600 \"$dir/keys/broker.key\" \"$dir/keys/worker.key_secret\"\n");
      s.append("[ -z \"$user\" ] || chown -R \"$user\" \"$dir/keys\"\n");
      s.append("umask 022\necho \"CURVE key files written (0600)\"\n");
    }
    s.append("# 5. One supervisord program per pool; a file is replaced only when it differs.\n");
    s.append("install -d -m 0755 \"$conf_dir\" \"$dir/log\"\n");
    s.append("[ -z \"$user\" ] || chown \"$user\" \"$dir/log\"\n");
    for (Map.Entry<String, String> pool : services.entrySet()) {
      String program = settings.programOf(pool.getKey());
      programs.add(program);
      String text =
          new SupervisorProgram(
                  program,
                  pool.getKey(),
                  pool.getValue(),
                  host.name(),
                  host.maxWorkers() * SupervisorProgram.SLOTS_PER_WORKER,
                  w.installDir() + "/bin/yogurt",
                  w.brokerEndpoint(),
                  w.handler(),
                  w.curve() ? keys + "/broker.key" : "",
                  w.curve() ? keys + "/worker.key_secret" : "",
                  w.user(),
                  w.installDir() + "/log")
              .render();
      String file = "\"$conf_dir/" + program + ".conf\"";
      s.append("cat >")
          .append(file.replace(".conf\"", ".conf.new\""))
          .append(" <<'YOGURT_PROGRAM'\n");
      s.append(text).append("YOGURT_PROGRAM\n");
      s.append("if cmp -s ")
          .append(file.replace(".conf\"", ".conf.new\""))
          .append(' ')
          .append(file);
      s.append("; then rm -f ").append(file.replace(".conf\"", ".conf.new\""));
      s.append("; echo \"program ").append(program).append(" unchanged\"\n");
      s.append("else mv ").append(file.replace(".conf\"", ".conf.new\"")).append(' ').append(file);
      s.append("; echo \"program ").append(program).append(" written (");
      s.append(host.maxWorkers() * SupervisorProgram.SLOTS_PER_WORKER).append(" slots)\"; fi\n");
    }
    s.append("# 6. supervisord takes the programs in; their slots start only when Yogurt asks.\n");
    s.append("$supervisorctl reread >/dev/null || fail \"$supervisorctl reread failed\"\n");
    s.append("$supervisorctl update ").append(String.join(" ", programs));
    s.append(" || fail \"$supervisorctl update failed\"\n");
    s.append("echo \"installed: programs ").append(String.join(", ", programs)).append("\"\n");
    String script = s.toString();
    return new HostInstall(
        script.replace(SECRET_MARK, quote(w.curveSecretKey().reveal())),
        script.replace(SECRET_MARK, "'***'"),
        programs);
  }

  /** The steps every install has, before the keys. */
  private static final String STEPS =
      """
      # 1. A Java runtime, when the host has none.
      if ! command -v java >/dev/null 2>&1; then
        [ "$(id -u)" -eq 0 ] || fail "no java on the PATH and not root: install %s"
        echo "installing %s"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends %s >/dev/null \\
          || fail "cannot install %s"
      fi
      command -v supervisorctl >/dev/null 2>&1 \\
        || fail "no supervisorctl: expected supervisord installed and running (Debian: supervisor)"
      # 2. The workers' user: a system user without login.
      if [ -n "$user" ] && ! id -u "$user" >/dev/null 2>&1; then
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user" \\
          || fail "cannot create user $user"
      fi
      # 3. The release package, unless this very version is installed.
      if [ "$(cat "$dir/.package-sha256" 2>/dev/null || true)" = "$package_sha256" ]; then
        echo "package $package_sha256 already installed in $dir"
      else
        install -d -m 0755 "$dir"
        pkg="$dir/.download.tar.gz"
        curl -fsSL --proto '=https,file' --retry 5 --retry-delay 2 -o "$pkg" "$package_url" \\
          || fail "cannot download $package_url (supervisor.worker.package-url)"
        got="$(sha256sum "$pkg" | cut -d' ' -f1)"
        if [ "$got" != "$package_sha256" ]; then
          rm -f "$pkg"
          fail "package $package_url has SHA-256 $got, expected $package_sha256 (supervisor.worker.package-sha256): refused"
        fi
        tar -xzf "$pkg" -C "$dir" --strip-components=1 --no-same-owner
        rm -f "$pkg"
        echo "$package_sha256" >"$dir/.package-sha256"
        echo "package installed in $dir"
      fi
      [ -x "$dir/bin/yogurt" ] || fail "$dir/bin/yogurt missing: expected a Yogurt release package"
      """
          .formatted(JAVA_PACKAGE, JAVA_PACKAGE, JAVA_PACKAGE, JAVA_PACKAGE);

  /** {@code 'text'}, each single quote closed, escaped and reopened. */
  static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  @Override
  public String toString() {
    return "HostInstall[programs=" + programs + ", script=*** (holds the CURVE secret key)]";
  }
}
