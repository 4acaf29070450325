package io.yogurt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.broker.Broker;
import io.yogurt.broker.BrokerSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The broker-side commands' exit codes and output, in process. */
class BrokerCommandsTest {

  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Yogurt.commandLine();
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private String stdout(Runnable r) {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setOut(old);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void keysGenerateWritesBothFilesAndNeverOverwrites(@TempDir Path dir) throws Exception {
    String out =
        stdout(
            () ->
                assertEquals(
                    0, run("keys", "generate", "--out", dir.toString(), "--name", "broker")));
    assertTrue(
        Files.exists(dir.resolve("broker.key")) && Files.exists(dir.resolve("broker.key_secret")));
    String secretFile = Files.readString(dir.resolve("broker.key_secret"));
    assertTrue(out.contains("public key value: "), out);
    assertTrue(secretFile.contains("secret-key"));
    assertEquals(2, run("keys", "generate", "--out", dir.toString(), "--name", "broker"));
    assertTrue(err.toString().contains("already exists"), err.toString());
  }

  @Test
  void workerRejectsAnUnknownHandler() {
    assertEquals(2, run("worker", "--handler", "bogus"));
    assertEquals(
        "yogurt: --handler: got 'bogus', expected echo, sleep:DURATION (like sleep:50ms) or crash",
        err.toString().strip());
  }

  @Test
  void probePrintsJsonAndExitsOneWhenABrokerIsDown() throws Exception {
    try (Broker broker =
        Broker.start(BrokerSettings.defaults("tcp://127.0.0.1:0"), InstantSource.system())) {
      String[] code = new String[1];
      String out =
          stdout(
              () ->
                  code[0] =
                      String.valueOf(
                          run(
                              "probe",
                              "--json",
                              "--timeout",
                              "200ms",
                              broker.endpoint(),
                              "tcp://127.0.0.1:1")));
      assertEquals("1", code[0]);
      String[] lines = out.strip().split("\n");
      assertTrue(lines[0].contains("\"reachable\":true"), out);
      assertTrue(lines[1].contains("\"reachable\":false"), out);
    }
  }

  @Test
  void brokerOnAPortInUseSaysSo() throws Exception {
    try (Broker broker =
        Broker.start(BrokerSettings.defaults("tcp://127.0.0.1:0"), InstantSource.system())) {
      assertEquals(1, run("broker", "--bind", broker.endpoint()));
      assertEquals(
          "yogurt: cannot bind " + broker.endpoint() + ": address in use", err.toString().strip());
    }
  }
}
