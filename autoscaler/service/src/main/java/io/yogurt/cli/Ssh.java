package io.yogurt.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands on a host through the system's {@code ssh}, non-interactively: a script goes on
 * standard input ({@code sh -s}), never on the command line, so that what it holds (a secret key)
 * shows in no process list.
 *
 * @param config an ssh_config file ({@code ssh -F}); null for the user's own
 */
record Ssh(String target, Path config, boolean sudo) {

  /** What one command did. */
  record Result(int exitCode, String output) {}

  /** The ssh command line for a remote command, as run and as printed by --dry-run. */
  List<String> command(String remote) {
    List<String> cmd = new ArrayList<>(List.of("ssh", "-o", "BatchMode=yes"));
    if (config != null) {
      cmd.addAll(List.of("-F", config.toString()));
    }
    cmd.add(target);
    cmd.add(sudo ? "sudo -n " + remote : remote);
    return cmd;
  }

  /** Runs {@code remote} with {@code input} on its standard input; output and errors together. */
  Result run(String remote, String input, long timeoutSeconds)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command(remote)).redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(input.getBytes(StandardCharsets.UTF_8));
    }
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(-1, "no answer within " + timeoutSeconds + " s");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).strip());
  }

  /** The command as one line a person can read and run. */
  static String show(List<String> command) {
    List<String> shown = new ArrayList<>();
    for (String part : command) {
      shown.add(
          part.matches("[A-Za-z0-9_@%+=:,./-]+") ? part : "'" + part.replace("'", "'\\''") + "'");
    }
    return String.join(" ", shown);
  }
}
