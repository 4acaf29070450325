package io.yogurt.autoscaler.local;

import io.yogurt.config.ConfigSection;
import java.util.List;

/**
 * The local-process provider ({@code local:} in YAML): each instance is one {@code yogurt worker}
 * process on this machine.
 *
 * @param handler what each worker does with a request: {@code echo}, {@code sleep:50ms}, or {@code
 *     crash} (dies on every request: for trying out healing)
 * @param javaOptions JVM options for worker processes (small heap, quick start)
 * @param workerCommand the command that starts a worker; empty: this JVM's java and class path
 * @param restart restart a worker process that exits by itself (as supervisord does on a droplet),
 *     after a back-off of 1 s doubling to 30 s; the loop replaces an instance that keeps crashing
 * @param brokers the brokers workers connect to, one per instance in turn; empty: the embedded one
 * @param workersDir where the worker records live; empty: {@code <state-dir>/workers}. Instances on
 *     one machine that share it (HA tests) adopt each other's workers when they take over
 */
public record LocalSettings(
    String handler,
    List<String> javaOptions,
    List<String> workerCommand,
    boolean restart,
    List<String> brokers,
    String workersDir) {

  public static LocalSettings from(ConfigSection s) {
    String handler = s.string("handler", "sleep:50ms");
    if (!handler.equals("echo")
        && !handler.equals("crash")
        && !handler.matches("sleep:\\d+(ms|s)")) {
      s.error(
          "handler",
          "got '" + handler + "', expected echo, sleep:<duration> such as sleep:50ms, or crash");
    }
    List<String> javaOptions =
        s.strings(
            "java-options",
            List.of("-Xmx48m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    List<String> command = s.strings("worker-command", List.of());
    boolean restart = s.bool("restart", true);
    List<String> brokers = s.strings("brokers", List.of());
    for (String b : brokers) {
      if (!b.matches("(tcp|ipc|inproc)://.+")) {
        s.error("brokers", "got '" + b + "', expected endpoints like tcp://127.0.0.1:5555");
      }
    }
    String workersDir = s.string("workers-dir", "");
    return new LocalSettings(handler, javaOptions, command, restart, brokers, workersDir);
  }
}
