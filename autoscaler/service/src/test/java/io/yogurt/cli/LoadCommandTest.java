package io.yogurt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code yogurt load} against an endpoint where nothing listens. */
class LoadCommandTest {

  @TempDir Path dir;

  @Test
  void requestsNobodyAnsweredAreFailuresAndTheRunFailsNamingTheEndpoint() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // free again: nothing listens there
    }
    Path trace =
        Files.writeString(
            dir.resolve("trace.csv"),
            "timestamp,value\n2014-07-01 00:00:00,20\n2014-07-01 00:05:00,20\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          Yogurt.commandLine()
              .execute(
                  "load",
                  "--endpoint",
                  "tcp://127.0.0.1:" + port,
                  "--trace",
                  trace.toString(),
                  "--rows",
                  "1",
                  "--speedup",
                  "3000", // the 5-minute row in 0.1 s
                  "--timeout",
                  "200ms");
    } finally {
      System.setErr(saved);
    }
    String out = err.toString(StandardCharsets.UTF_8);
    assertEquals(ExitCodes.FAILURE, code, out);
    // Timed out, by the client's own timeout or by the end of the wait for the last replies.
    assertTrue(out.contains("finished: sent 20, ok 0, failed "), out);
    assertTrue(
        out.contains("nothing answered at tcp://127.0.0.1:" + port + " service 'echo'"), out);
    assertFalse(out.contains("\tat "), "no stack trace: " + out);
  }
}
