package io.yogurt.provider.digitalocean;

import io.yogurt.install.InstallSpec;
import io.yogurt.install.WorkerInstallTemplate;
import java.util.List;

/**
 * The worker install of a droplet, rendered from the shared {@link WorkerInstallTemplate} (the
 * template {@code yogurt hosts install} renders too): the system user {@code yogurt}, the release
 * package over HTTPS only, CURVE key files under {@code /etc/yogurt/keys}, and one autostarted
 * supervisord program, {@code yogurt-worker}, whose worker is named after the machine (the
 * droplet's name). {@link UserData} wraps the script in cloud-init. The script holds the CURVE
 * secret key: never log it.
 *
 * @param packages Debian packages the steps need, installed by cloud-init before the script runs
 * @param script the steps, run as root
 */
public record WorkerInstall(List<String> packages, String script) {

  /** The distribution's packages every worker droplet needs. */
  public static final List<String> PACKAGES =
      List.of(WorkerInstallTemplate.JAVA_PACKAGE, "supervisor", "curl");

  /** A droplet's paths: the package in /opt/yogurt, the keys in /etc/yogurt/keys. */
  static final InstallSpec.Layout LAYOUT =
      new InstallSpec.Layout(
          "/opt/yogurt", "/etc/yogurt/keys", "/etc/supervisor/conf.d", "/var/log/yogurt");

  /** The steps for a worker of {@code pool} serving {@code service}. */
  public static WorkerInstall render(
      DigitalOceanSettings.WorkerBoot worker, String pool, String service) {
    InstallSpec spec =
        new InstallSpec(
            "",
            LAYOUT,
            new InstallSpec.Release(worker.packageUrl(), worker.packageSha256(), List.of("https")),
            "yogurt",
            "digitalocean.worker",
            "supervisorctl",
            new InstallSpec.Curve(
                worker.curveServerKey(), worker.curvePublicKey(), worker.curveSecretKey()),
            List.of(program(worker, pool, service)));
    return new WorkerInstall(PACKAGES, WorkerInstallTemplate.render(spec).script());
  }

  /**
   * The droplet's one program: started with supervisord, restarted whenever it exits (one second
   * later after each failed start), its worker named after the machine ({@code $name}).
   */
  static InstallSpec.Program program(
      DigitalOceanSettings.WorkerBoot worker, String pool, String service) {
    String curve =
        worker.curveServerKey().isEmpty()
            ? ""
            : " --curve-server $keys/broker.key --curve-keys $keys/worker.key_secret";
    String section =
        "; The Yogurt worker of pool "
            + InstallSpec.Program.escape(pool)
            + " on this droplet, named after it.\n"
            + "[program:yogurt-worker]\n"
            + "command=$dir/bin/yogurt worker --endpoint "
            + InstallSpec.Program.escape(worker.brokerEndpoint())
            + " --service "
            + InstallSpec.Program.escape(service)
            + " --name $name --handler "
            + InstallSpec.Program.escape(worker.handler())
            + curve
            + "\nuser=yogurt\n"
            + "directory=/\n"
            + "autostart=true\n"
            + "autorestart=true\n"
            + "startsecs=5\n"
            + "startretries=100\n"
            + "stopsignal=TERM\n"
            + "stopwaitsecs=60\n"
            + "redirect_stderr=true\n"
            + "stdout_logfile=$log_dir/yogurt-worker.log\n"
            + "stdout_logfile_maxbytes=10MB\n";
    return new InstallSpec.Program("yogurt-worker", "autostarted", section);
  }

  @Override
  public String toString() {
    return "WorkerInstall[packages=" + packages + ", script=*** (holds the CURVE secret key)]";
  }
}
