package io.yogurt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Mistakes a user can make: each ends in one clear message naming the file, line, key or argument,
 * exit code 2, and no stack trace.
 */
class UserErrorsTest {

  @TempDir Path dir;

  private record Run(int code, String err) {}

  private Run yogurt(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = Yogurt.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    Run r = new Run(cli.execute(args), err.toString());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    return r;
  }

  private Path file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private void assertUserError(Run r, String... expected) {
    assertEquals(ExitCodes.USAGE, r.code(), r.err());
    for (String e : expected) {
      assertTrue(r.err().contains(e), "expected '" + e + "' in: " + r.err());
    }
  }

  @Test
  void aMissingConfigFileIsNamed() {
    Path missing = dir.resolve("nope.yaml");
    assertUserError(
        yogurt("config", "validate", "--config", missing.toString()),
        missing + ": config file does not exist");
  }

  @Test
  void malformedYamlGivesItsLine() throws IOException {
    Path bad = file("bad.yaml", "loop:\n  tick: 10s\n pools: [\n");
    assertUserError(
        yogurt("config", "validate", "--config", bad.toString()),
        "bad.yaml line",
        "malformed YAML");
  }

  @Test
  void everyConfigErrorIsReportedAtOnceWithItsKeyAndLine() throws IOException {
    Path bad =
        file(
            "bad.yaml",
            """
        loop:
          tick: 0s
        pools:
          web:
            min: 5
            max: 2
            polcy: reactive
        """);
    assertUserError(
        yogurt("config", "validate", "--config", bad.toString()),
        "bad.yaml: 3 errors",
        "loop.tick (line 2)",
        "pools.web.min (line 5): min 5 is above max 2",
        "pools.web.polcy (line 7): unknown key (did you mean 'policy'?)");
  }

  @Test
  void unknownCommandsAndOptionsAreUsageErrors() {
    assertUserError(yogurt("frobnicate"), "unknown command 'frobnicate' for 'yogurt'");
    assertUserError(yogurt("run", "--tick", "5s"), "--tick");
  }

  @Test
  void anUnknownCommandIsAnErrorWhateverOptionsFollow() {
    for (String[] args :
        new String[][] {
          {"frobnicate", "--help"},
          {"frobnicate", "-h"},
          {"frobnicate", "--version"},
          {"forecast", "frob", "--help"},
          {"hosts", "frob", "--help"}
        }) {
      Run r = yogurt(args);
      assertUserError(r, "unknown command '" + args[args.length - 2] + "'");
      assertTrue(r.err().lines().count() <= 3, "one message, suggestions, a hint: " + r.err());
      assertTrue(r.err().strip().endsWith("--help'."), "no usage wall: " + r.err());
    }
  }

  @Test
  void everyCommandSummaryInTheHelpIsAWholeSentence() {
    StringWriter out = new StringWriter();
    CommandLine cli = Yogurt.commandLine();
    cli.setOut(new PrintWriter(out, true));
    assertEquals(0, cli.execute("--help"));
    String help = out.toString();
    assertTrue(help.contains("--speedup times faster."), help);
    for (CommandLine sub : cli.getSubcommands().values()) {
      String[] summary = sub.getCommandSpec().usageMessage().description();
      assertTrue(
          summary.length > 0 && summary[0].strip().endsWith("."),
          sub.getCommandName() + "'s first description line is its summary: " + summary[0]);
    }
  }

  @Test
  void aBrokerPortInUseNamesTheKey() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path config =
          file(
              "y.yaml",
              "broker:\n  bind: tcp://127.0.0.1:"
                  + taken.getLocalPort()
                  + "\nadmin:\n  port: 0\nmetrics:\n  port: 0\n");
      assertUserError(
          yogurt(
              "run", "--config", config.toString(), "--state-dir", dir.resolve("state").toString()),
          "broker.bind",
          String.valueOf(taken.getLocalPort()));
    }
  }

  @Test
  void aBadTraceRowGivesItsLine() throws IOException {
    Path trace = file("trace.csv", "timestamp,value\n2014-07-01 00:00:00,5\nyesterday,7\n");
    assertUserError(
        yogurt("load", "--trace", trace.toString(), "--rows", "1"),
        "trace.csv line 3",
        "yesterday");
  }
}
