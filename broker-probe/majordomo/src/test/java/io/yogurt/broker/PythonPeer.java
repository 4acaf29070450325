package io.yogurt.broker;

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

/** A Python (pyzmq on libzmq) MDP peer from src/test/python/mdp_peer.py, as a child process. */
final class PythonPeer implements AutoCloseable {

  static final String PYTHON = "/usr/bin/python3";
  static final Path SCRIPT = Path.of("src/test/python/mdp_peer.py");

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  PythonPeer(List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(PYTHON, SCRIPT.toString()));
    command.addAll(args);
    process = new ProcessBuilder(command).redirectErrorStream(true).start();
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
            "python-peer-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Fails the test unless /usr/bin/python3 can import zmq (install with scripts/install-test-deps).
   */
  static void requirePyzmq() throws Exception {
    Process p =
        new ProcessBuilder(PYTHON, "-c", "import zmq, zmq.auth").redirectErrorStream(true).start();
    boolean done = p.waitFor(30, TimeUnit.SECONDS);
    assertEquals(
        0,
        done ? p.exitValue() : -1,
        "the interop tests need "
            + PYTHON
            + " with python3-zmq: run scripts/install-test-deps (apt-get install python3-zmq)");
  }

  /** The next line of output, waiting at most {@code seconds}. */
  String nextLine(int seconds) throws InterruptedException {
    String line = lines.poll(seconds, TimeUnit.SECONDS);
    return line == null ? "(no output within " + seconds + " s)" : line;
  }

  /** Waits for exit; returns the exit code, or -1 when it did not end in time. */
  int waitFor(int seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  String remainingOutput() {
    List<String> rest = new ArrayList<>();
    lines.drainTo(rest);
    return String.join("\n", rest);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
