package io.yogurt.cli;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server for tests, on a free loopback port with its own host key and config, that
 * lets the current user in with a generated key (root in CI, anyone elsewhere), and an ssh_config
 * for the client naming it {@link #HOST}. The binary is {@code $YOGURT_TEST_SSHD}.
 */
final class Sshd implements AutoCloseable {

  /** Set by scripts/test to sshd's path; tests tagged "sshd" need it. */
  static final String ENV = "YOGURT_TEST_SSHD";

  /** The name the client config gives this server. */
  static final String HOST = "yogurt-test-host";

  private final Path dir;
  private final Process process;

  private Sshd(Path dir, Process process) {
    this.dir = dir;
    this.process = process;
  }

  static Sshd start(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    keygen(dir.resolve("host_key"));
    keygen(dir.resolve("client_key"));
    Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
    int port = freePort();
    Files.writeString(
        dir.resolve("sshd_config"),
        String.join(
            "\n",
            "Port " + port,
            "ListenAddress 127.0.0.1",
            "HostKey " + dir.resolve("host_key"),
            "PidFile " + dir.resolve("sshd.pid"),
            "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "UsePAM no",
            "StrictModes no",
            "PermitRootLogin prohibit-password",
            ""));
    String user = System.getProperty("user.name");
    Files.writeString(
        dir.resolve("known_hosts"),
        "[127.0.0.1]:" + port + " " + Files.readString(dir.resolve("host_key.pub")));
    Files.writeString(
        dir.resolve("ssh_config"),
        String.join(
            "\n",
            "Host " + HOST,
            "  HostName 127.0.0.1",
            "  Port " + port,
            "  User " + user,
            "  IdentityFile " + dir.resolve("client_key"),
            "  IdentitiesOnly yes",
            "  UserKnownHostsFile " + dir.resolve("known_hosts"),
            "  StrictHostKeyChecking yes",
            "  ConnectTimeout 10",
            ""));
    if (user.equals("root")) {
      Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation directory
    }
    String binary = System.getenv().getOrDefault(ENV, "/usr/sbin/sshd");
    Process p =
        new ProcessBuilder(binary, "-D", "-e", "-f", dir.resolve("sshd_config").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sshd.log").toFile()))
            .start();
    await("sshd on port " + port)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () -> {
              try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
              }
            });
    return new Sshd(dir, p);
  }

  /** The client config: {@code ssh -F} it and connect to {@link #HOST}. */
  Path clientConfig() {
    return dir.resolve("ssh_config");
  }

  String target() {
    return System.getProperty("user.name") + "@" + HOST;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  private static void keygen(Path key) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException("ssh-keygen failed: " + out);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
