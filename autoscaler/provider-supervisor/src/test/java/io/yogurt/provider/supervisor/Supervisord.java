package io.yogurt.provider.supervisor;

import static org.awaitility.Awaitility.await;

import io.yogurt.config.Secret;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real supervisord for tests, standing for one server: its own config, log and include directory
 * under a temporary directory, its XML-RPC interface on a free loopback port with a generated
 * password, and a {@code [supervisorctl]} section so that {@code supervisorctl -c} works. Runs as
 * the current user (root in CI). The binary is {@code $YOGURT_TEST_SUPERVISORD}.
 */
public final class Supervisord implements AutoCloseable {

  /** Set by scripts/test to supervisord's path; tests tagged "supervisord" need it. */
  public static final String ENV = "YOGURT_TEST_SUPERVISORD";

  public static final String USER = "yogurt";

  private final Path dir;
  private final int port;
  private final String password = UUID.randomUUID().toString();
  private Process process;

  private Supervisord(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** Starts one with {@code programs} (supervisord sections) in its config, and waits for it. */
  public static Supervisord start(Path dir, String programs) throws IOException {
    Files.createDirectories(dir.resolve("conf.d"));
    Supervisord s = new Supervisord(dir, freePort());
    Files.writeString(s.config(), s.configText(programs));
    s.startAgain();
    return s;
  }

  private String configText(String programs) {
    return String.join(
        "\n",
        "[supervisord]",
        "nodaemon=true",
        "logfile=" + dir.resolve("supervisord.log"),
        "pidfile=" + dir.resolve("supervisord.pid"),
        "childlogdir=" + dir,
        "[inet_http_server]",
        "port=127.0.0.1:" + port,
        "username=" + USER,
        "password=" + password,
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "[supervisorctl]",
        "serverurl=http://127.0.0.1:" + port,
        "username=" + USER,
        "password=" + password,
        "[include]",
        "files=" + dir.resolve("conf.d") + "/*.conf",
        programs,
        "");
  }

  /** (Re)starts supervisord on its port and waits until its API answers. */
  public void startAgain() throws IOException {
    String binary = System.getenv().getOrDefault(ENV, "/usr/bin/supervisord");
    process =
        new ProcessBuilder(binary, "-n", "-c", config().toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()))
            .start();
    XmlRpcSupervisor api = api();
    await("supervisord on port " + port)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> api.state().equals("RUNNING"));
  }

  /** Stops supervisord and, with it, every process it runs (SIGTERM, as a host going down). */
  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  public Path config() {
    return dir.resolve("supervisord.conf");
  }

  public Path includeDir() {
    return dir.resolve("conf.d");
  }

  public String url() {
    return "http://127.0.0.1:" + port + "/RPC2";
  }

  public String password() {
    return password;
  }

  /** This server as a host of the supervisor provider. */
  public HostSettings host(String name, int maxWorkers) {
    return new HostSettings(name, URI.create(url()), USER, new Secret(password), maxWorkers, "");
  }

  public XmlRpcSupervisor api() {
    return new XmlRpcSupervisor(host("test", 1), Duration.ofSeconds(2), Duration.ofSeconds(10));
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
