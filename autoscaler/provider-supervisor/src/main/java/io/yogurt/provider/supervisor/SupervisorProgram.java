package io.yogurt.provider.supervisor;

import java.util.ArrayList;
import java.util.List;

/**
 * The supervisord program a pool's workers run as on one host: {@code numprocs} slots, not started
 * with supervisord ({@code autostart=false}: Yogurt starts them by name), each slot's process named
 * {@code <pool>-<host>-NN} and its worker given the same name as its identity. A crashed worker is
 * restarted by supervisord; one that exits 0 (drained at the broker) is not.
 *
 * @param slots the program's {@code numprocs}: {@link #SLOTS_PER_WORKER} times the host's {@code
 *     max-workers}, so that a slot just drained is not reused for a while
 * @param launcher the command that runs the Yogurt CLI, e.g. {@code /opt/yogurt/yogurt}
 * @param curveServerKeyFile the broker's public certificate on the host; empty without CURVE
 * @param curveKeysFile the worker's secret certificate on the host (0600); empty without CURVE
 * @param user the user the workers run as; empty: supervisord's own
 */
public record SupervisorProgram(
    String program,
    String pool,
    String service,
    String host,
    int slots,
    String launcher,
    String brokerEndpoint,
    String handler,
    String curveServerKeyFile,
    String curveKeysFile,
    String user,
    String logDir) {

  /**
   * Slots per allowed worker. A broker turns away a worker whose name it drained in the last ten
   * minutes (a drained worker must not come back); slots are reused longest-stopped first, so with
   * four names per worker a name comes back only after three other stops on the host.
   */
  public static final int SLOTS_PER_WORKER = 4;

  /** The program's section, ready for supervisord's include directory. */
  public String render() {
    String name = pool + "-" + host + "-%(process_num)02d";
    List<String> command = new ArrayList<>(List.of(launcher, "worker"));
    command.addAll(
        List.of(
            "--endpoint",
            brokerEndpoint,
            "--service",
            service,
            "--name",
            name,
            "--handler",
            handler));
    if (!curveServerKeyFile.isEmpty()) {
      command.addAll(List.of("--curve-server", curveServerKeyFile, "--curve-keys", curveKeysFile));
    }
    StringBuilder s = new StringBuilder();
    s.append("; Yogurt workers of pool ").append(pool).append(" on host ").append(host);
    s.append(", written by `yogurt hosts install`.\n");
    s.append("; Yogurt starts and stops the slots by name; supervisord restarts a crashed one.\n");
    s.append("[program:").append(program).append("]\n");
    s.append("command=").append(String.join(" ", command)).append('\n');
    s.append("process_name=").append(name).append('\n');
    s.append("numprocs=").append(slots).append('\n');
    s.append("autostart=false\n");
    s.append("autorestart=unexpected\n");
    s.append("exitcodes=0\n");
    s.append("startsecs=2\n");
    s.append("startretries=3\n");
    s.append("stopsignal=TERM\n");
    s.append("stopwaitsecs=60\n");
    s.append("stopasgroup=true\n");
    if (!user.isEmpty()) {
      s.append("user=").append(user).append('\n');
    }
    s.append("redirect_stderr=true\n");
    s.append("stdout_logfile=").append(logDir).append('/').append(name).append(".log\n");
    s.append("stdout_logfile_maxbytes=10MB\n");
    s.append("stdout_logfile_backups=3\n");
    return s.toString();
  }
}
