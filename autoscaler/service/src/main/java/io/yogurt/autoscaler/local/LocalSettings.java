package io.yogurt.autoscaler.local;

import io.yogurt.config.ConfigSection;
import java.util.List;

/**
 * The local-process provider ({@code local:} in YAML): each instance is one {@code yogurt worker}
 * process on this machine.
 *
 * @param handler what each worker does with a request: {@code echo} or {@code sleep:50ms}
 * @param javaOptions JVM options for worker processes (small heap, quick start)
 * @param workerCommand the command that starts a worker; empty: this JVM's java and class path
 */
public record LocalSettings(String handler, List<String> javaOptions, List<String> workerCommand) {

  public static LocalSettings from(ConfigSection s) {
    String handler = s.string("handler", "sleep:50ms");
    if (!handler.equals("echo") && !handler.matches("sleep:\\d+(ms|s)")) {
      s.error(
          "handler", "got '" + handler + "', expected echo or sleep:<duration> such as sleep:50ms");
    }
    List<String> javaOptions =
        s.strings(
            "java-options",
            List.of("-Xmx48m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    List<String> command = s.strings("worker-command", List.of());
    return new LocalSettings(handler, javaOptions, command);
  }
}
