package io.yogurt.autoscaler.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The full command line of a process. {@code ProcessHandle.Info.commandLine()} stops at 4096
 * characters on Linux, which a JVM's class path alone exceeds, so the worker's arguments after it
 * would be lost; {@code /proc/PID/cmdline} has them all.
 */
public final class CommandLines {

  private CommandLines() {}

  public static Optional<String> of(ProcessHandle process) {
    Path proc = Path.of("/proc", Long.toString(process.pid()), "cmdline");
    try {
      byte[] raw = Files.readAllBytes(proc);
      return Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim());
    } catch (IOException | UnsupportedOperationException notLinuxOrGone) {
      return process.info().commandLine();
    }
  }
}
