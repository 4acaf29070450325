package io.yogurt.autoscaler.service;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code yogurt run} in a child JVM on this test's class path, as an operator starts it, so that a
 * test can kill it as {@code kill -9} does; its output is appended to one log file.
 */
public final class RunProcess {

  private RunProcess() {}

  /**
   * Starts {@code yogurt run --config config --state-dir stateDir}.
   *
   * @param crashPoint where the process halts itself ({@code -Dyogurt.crash-at}); null: never
   */
  public static Process start(Path config, Path stateDir, String crashPoint, Path log)
      throws IOException {
    return start(
        config,
        stateDir,
        crashPoint == null ? List.of() : List.of("-Dyogurt.crash-at=" + crashPoint),
        log);
  }

  /** Starts {@code yogurt run --config config --state-dir stateDir} with these JVM options. */
  public static Process start(Path config, Path stateDir, List<String> jvmOptions, Path log)
      throws IOException {
    List<String> cmd =
        new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
    cmd.addAll(jvmOptions);
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "io.yogurt.cli.Yogurt",
            "run",
            "--config",
            config.toString(),
            "--state-dir",
            stateDir.toString()));
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /** What the processes wrote to {@code log} so far, for an assertion's message. */
  public static String log(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** Stops a {@code yogurt run} as an operator's SIGTERM does; kills it after 30 s. */
  public static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
  }

  /** A loopback port free right now, for a child's broker, admin or metrics listener. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
