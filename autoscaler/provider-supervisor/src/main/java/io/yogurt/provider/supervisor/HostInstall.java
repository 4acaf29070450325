package io.yogurt.provider.supervisor;

import io.yogurt.install.InstallScript;
import io.yogurt.install.InstallSpec;
import io.yogurt.install.WorkerInstallTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The worker install for one host of the supervisor provider, rendered from the shared {@link
 * WorkerInstallTemplate} (the template the droplets' cloud-init renders too) as one POSIX shell
 * script that the host runs from ssh's standard input: a Java runtime if missing, the workers'
 * user, the release package (https, or file:// for a copy on the host), the CURVE key files under
 * {@code <install-dir>/keys}, and one supervisord program per pool ({@link SupervisorProgram}:
 * slots that Yogurt starts by name), then {@code supervisorctl reread} and {@code update} of those
 * programs only. Running it again changes nothing that is already right.
 *
 * <p>The script holds the workers' CURVE secret key: show {@link #shown()}, never {@link
 * #script()}.
 */
public record HostInstall(String script, String shown, List<String> programs) {

  /**
   * @param services each pool's broker service, by pool name, in config order
   */
  public static HostInstall render(
      SupervisorSettings settings, HostSettings host, Map<String, String> services) {
    SupervisorSettings.WorkerInstall w = settings.worker();
    String keys = w.installDir() + "/keys";
    int slots = host.maxWorkers() * SupervisorProgram.SLOTS_PER_WORKER;
    List<InstallSpec.Program> programs = new ArrayList<>();
    for (Map.Entry<String, String> pool : services.entrySet()) {
      String program = settings.programOf(pool.getKey());
      String section =
          new SupervisorProgram(
                  program,
                  pool.getKey(),
                  pool.getValue(),
                  host.name(),
                  slots,
                  w.installDir() + "/bin/yogurt",
                  w.brokerEndpoint(),
                  w.handler(),
                  w.curve() ? keys + "/broker.key" : "",
                  w.curve() ? keys + "/worker.key_secret" : "",
                  w.user(),
                  w.installDir() + "/log")
              .render();
      programs.add(InstallSpec.Program.literal(program, slots + " slots", section));
    }
    InstallSpec spec =
        new InstallSpec(
            host.name(),
            new InstallSpec.Layout(w.installDir(), keys, w.confDir(), w.installDir() + "/log"),
            new InstallSpec.Release(w.packageUrl(), w.packageSha256(), List.of("https", "file")),
            w.user(),
            "supervisor.worker",
            w.supervisorctl(),
            new InstallSpec.Curve(w.curveServerKey(), w.curvePublicKey(), w.curveSecretKey()),
            programs);
    InstallScript install = WorkerInstallTemplate.render(spec);
    return new HostInstall(install.script(), install.shown(), install.programs());
  }

  @Override
  public String toString() {
    return "HostInstall[programs=" + programs + ", script=*** (holds the CURVE secret key)]";
  }
}
