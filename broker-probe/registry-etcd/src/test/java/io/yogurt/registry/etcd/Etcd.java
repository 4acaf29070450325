package io.yogurt.registry.etcd;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * etcd for the tests: the shared server scripts/test starts ({@code YOGURT_TEST_ETCD_URL}), each
 * test under a prefix of its own; or a private server a test may stop and start again.
 */
final class Etcd {

  /** Short leases, so that an expiry is seen in seconds (etcd's shortest lease is about 1.5 s). */
  static final Duration TTL = Duration.ofSeconds(2);

  private Etcd() {}

  /** Settings for the shared server under a fresh prefix. */
  static RegistrySettings shared() {
    String url = System.getenv("YOGURT_TEST_ETCD_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalStateException("YOGURT_TEST_ETCD_URL is not set (run scripts/etcd start)");
    }
    return at(url);
  }

  static RegistrySettings at(String url) {
    String prefix = "/test-" + UUID.randomUUID() + "/brokers/";
    return RegistrySettings.parse(url + prefix, TTL, Duration.ofMillis(1500)).orElseThrow();
  }

  /** A private etcd on free loopback ports, in its own directory; stop and start it at will. */
  static final class Private implements AutoCloseable {
    private final Path dir;
    private final int clientPort;
    private final int peerPort;
    private Process process;

    Private(Path dir) throws IOException {
      this.dir = dir;
      this.clientPort = freePort();
      this.peerPort = freePort();
    }

    String url() {
      return "etcd://127.0.0.1:" + clientPort;
    }

    Private start() throws IOException {
      String peer = "http://127.0.0.1:" + peerPort;
      String client = "http://127.0.0.1:" + clientPort;
      process =
          new ProcessBuilder(
                  List.of(
                      "etcd",
                      "--name",
                      "yogurt-private",
                      "--data-dir",
                      dir.resolve("data").toString(),
                      "--listen-client-urls",
                      client,
                      "--advertise-client-urls",
                      client,
                      "--listen-peer-urls",
                      peer,
                      "--initial-advertise-peer-urls",
                      peer,
                      "--initial-cluster",
                      "yogurt-private=" + peer))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("etcd.log").toFile())
              .start();
      return this;
    }

    void stop() throws InterruptedException {
      if (process != null) {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
        process = null;
      }
    }

    @Override
    public void close() throws InterruptedException {
      stop();
    }

    private static int freePort() throws IOException {
      try (ServerSocket s = new ServerSocket(0)) {
        return s.getLocalPort();
      }
    }
  }
}
