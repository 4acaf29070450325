package io.yogurt.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A pika (python3-pika) RPC peer from src/test/python/pika_rpc.py, as a child process; the password
 * reaches it through the environment, never its command line.
 */
public final class PikaPeer implements AutoCloseable {

  static final String PYTHON = "/usr/bin/python3";

  /** The script, found from this module, from another module, or from the checkout's root. */
  public static Path script() {
    for (String dir : List.of("", "../../broker-probe/rabbitmq/", "broker-probe/rabbitmq/")) {
      Path p = Path.of(dir + "src/test/python/pika_rpc.py");
      if (p.toFile().exists()) {
        return p;
      }
    }
    throw new IllegalStateException(
        "src/test/python/pika_rpc.py not found from " + Path.of("").toAbsolutePath());
  }

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  public PikaPeer(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(PYTHON, script().toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put(AmqpEndpoint.PASSWORD_ENV, TestServer.password());
    process = pb.start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("read error: " + e);
              }
            },
            "pika-peer-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Fails the test unless /usr/bin/python3 can import pika (scripts/install-test-deps). */
  public static void requirePika() throws Exception {
    Process p = new ProcessBuilder(PYTHON, "-c", "import pika").redirectErrorStream(true).start();
    boolean done = p.waitFor(30, TimeUnit.SECONDS);
    assertEquals(
        0,
        done ? p.exitValue() : -1,
        "the interop tests need python3-pika: run scripts/install-test-deps");
  }

  /** The next line of output, waiting at most {@code seconds}. */
  public String nextLine(int seconds) throws InterruptedException {
    String line = lines.poll(seconds, TimeUnit.SECONDS);
    return line == null ? "(no output within " + seconds + " s)" : line;
  }

  /** Waits for exit; the exit code, or -1 when it did not end in time. */
  public int waitFor(int seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  /** SIGTERM, then waits for the exit. */
  public int stop(int seconds) throws InterruptedException {
    process.destroy();
    return waitFor(seconds);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
