package io.yogurt.cli;

import io.yogurt.broker.curve.CurveClient;
import io.yogurt.broker.curve.CurveKeys;
import io.yogurt.broker.mdp.MdpVersion;
import io.yogurt.broker.worker.Handler;
import io.yogurt.broker.worker.Handlers;
import io.yogurt.broker.worker.WorkerAgent;
import io.yogurt.broker.worker.WorkerSettings;
import io.yogurt.config.DurationText;
import io.yogurt.config.InvalidInputException;
import io.yogurt.rabbitmq.AmqpEndpoint;
import io.yogurt.rabbitmq.worker.RpcWorker;
import io.yogurt.rabbitmq.worker.RpcWorkerSettings;
import io.yogurt.registry.etcd.RegistrySettings;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code yogurt worker}: one Majordomo worker process, or with {@code --amqp} one RabbitMQ RPC
 * worker. SIGTERM drains it: what is in flight finishes (and, for RabbitMQ, is acked), the worker
 * leaves, and the process exits 0. A drain from the broker (Majordomo) or on its control queue
 * (RabbitMQ) ends it the same way.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Run a Majordomo worker with a built-in handler (echo, or sleep:DURATION as a synthetic service time).",
      "With --amqp URL --queue Q: a RabbitMQ RPC worker on queue Q instead (password in the URL or",
      "$YOGURT_AMQP_PASSWORD; never printed)."
    })
public final class WorkerCommand implements Callable<Integer> {

  private final InstantSource clock;

  WorkerCommand(InstantSource clock) {
    this.clock = clock;
  }

  @Option(
      names = "--endpoint",
      paramLabel = "ENDPOINT",
      description = "Broker endpoint (default: tcp://127.0.0.1:5555).")
  String endpoint;

  @Option(
      names = "--registry",
      paramLabel = "URL",
      description =
          "Find a broker for the service in this etcd registry instead of --endpoint, and move to"
              + " another when its key expires: "
              + RegistrySettings.FORM
              + ".")
  String registryUrl;

  @Option(
      names = "--service",
      paramLabel = "NAME",
      defaultValue = "echo",
      description = "Service to serve (default: ${DEFAULT-VALUE}).")
  String service;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Socket identity: the instance's name (default: the host name).")
  String name;

  @Option(
      names = "--handler",
      paramLabel = "SPEC",
      defaultValue = "echo",
      description =
          "echo, sleep:DURATION such as sleep:50ms, or crash (dies on every request: for trying"
              + " out healing) (default: ${DEFAULT-VALUE}).")
  String handler;

  @Option(
      names = "--heartbeat",
      paramLabel = "DURATION",
      defaultValue = "2500ms",
      description = "Heartbeat interval; must match the broker's (default: ${DEFAULT-VALUE}).")
  String heartbeat;

  @Option(
      names = "--mdp",
      paramLabel = "VERSION",
      defaultValue = "0.1",
      description = "MDP version to speak: 0.1 or 0.2 (default: ${DEFAULT-VALUE}).")
  String mdp;

  @Option(
      names = "--curve-server",
      paramLabel = "FILE",
      description = "The broker's public certificate (broker.key): enables CURVE.")
  Path curveServer;

  @Option(
      names = "--curve-keys",
      paramLabel = "FILE",
      description = "This worker's secret certificate (NAME.key_secret), with --curve-server.")
  Path curveKeys;

  @Option(
      names = "--drain-timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      description =
          "Longest wait for the request in flight on SIGTERM (default: ${DEFAULT-VALUE}).")
  String drainTimeout;

  @Option(
      names = "--amqp",
      paramLabel = "URL",
      description =
          "RabbitMQ instead of Majordomo: amqp://user@host:5672 or amqps:// (TLS); the password"
              + " from the URL or $YOGURT_AMQP_PASSWORD.")
  String amqp;

  @Option(
      names = "--queue",
      paramLabel = "NAME",
      description = "With --amqp: the queue of RPC requests (default: the --service name).")
  String queue;

  @Option(
      names = "--vhost",
      paramLabel = "VHOST",
      description = "With --amqp: the virtual host (default: the URL's path, else /).")
  String vhost;

  @Option(
      names = "--prefetch",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "With --amqp: unacknowledged requests held at once (default: ${DEFAULT-VALUE}).")
  int prefetch;

  @Option(
      names = "--declare-queue",
      description =
          "With --amqp: declare the queue (durable) if it does not exist; else wait for it.")
  boolean declareQueue;

  @Option(
      names = "--amqp-ca",
      paramLabel = "FILE",
      description = "With an amqps:// URL: a CA certificate (PEM) to trust besides the JVM's.")
  Path amqpCa;

  @Override
  public Integer call() throws Exception {
    Handler h =
        handler.equals("crash")
            ? crashing()
            : Handlers.parse(handler)
                .orElseThrow(
                    () ->
                        new InvalidInputException(
                            "--handler: got '"
                                + handler
                                + "', expected echo, sleep:DURATION (like sleep:50ms) or crash"));
    Duration drain = duration("--drain-timeout", drainTimeout);
    String identity = name != null ? name : InetAddress.getLocalHost().getHostName();
    if (amqp != null) {
      return rabbitmq(h, identity, drain);
    }
    Duration hb = duration("--heartbeat", heartbeat);
    MdpVersion version =
        switch (mdp) {
          case "0.1" -> MdpVersion.V01;
          case "0.2" -> MdpVersion.V02;
          default ->
              throw new InvalidInputException("--mdp: got '" + mdp + "', expected 0.1 or 0.2");
        };
    if (registryUrl != null) {
      if (endpoint != null || curveServer != null) {
        throw new InvalidInputException(
            "--registry finds the broker (and its CURVE key): leave out --endpoint and"
                + " --curve-server");
      }
      WorkerSettings template =
          WorkerSettings.of("", service, identity).withHeartbeat(hb, 3).withVersion(version);
      return RegistryWorkers.run(
          RegistryOption.parse(registryUrl, RegistrySettings.NONE),
          template,
          h,
          ownKeys(curveKeys),
          drain,
          clock);
    }
    String at = endpoint != null ? endpoint : "tcp://127.0.0.1:5555";
    WorkerSettings settings =
        WorkerSettings.of(at, service, identity)
            .withHeartbeat(hb, 3)
            .withVersion(version)
            .withCurve(curve(curveServer, curveKeys));
    StopSignal stop = StopSignal.install();
    WorkerAgent agent = new WorkerAgent(settings, h, clock);
    agent.terminated().thenRun(stop::trigger);
    agent.start();
    System.err.println("yogurt worker: " + identity + " serving '" + service + "' at " + at);
    stop.await();
    if (!agent.stop(drain)) {
      System.err.println(
          "yogurt worker: the request in flight did not finish within " + drainTimeout);
      return ExitCodes.FAILURE;
    }
    return ExitCodes.OK;
  }

  /**
   * A worker that dies on every request, as a broken build would: for trying out the healing of
   * crash loops (the local provider restarts it, like supervisord on a droplet).
   */
  private static Handler crashing() {
    return request -> {
      System.err.println("yogurt worker: crash handler: dying on this request, as asked");
      Runtime.getRuntime().halt(70);
      return request;
    };
  }

  /** A RabbitMQ RPC worker until SIGTERM or a drain on its control queue. */
  private int rabbitmq(Handler h, String identity, Duration drain) throws Exception {
    if (prefetch < 1 || prefetch > 65_535) {
      throw new InvalidInputException("--prefetch: got " + prefetch + ", expected 1 to 65535");
    }
    AmqpEndpoint endpoint = amqpEndpoint(amqp, vhost, amqpCa);
    String q = queue != null ? queue : service;
    RpcWorkerSettings settings =
        RpcWorkerSettings.of(endpoint, q, identity)
            .withPrefetch(prefetch)
            .withDeclareQueue(declareQueue);
    StopSignal stop = StopSignal.install();
    RpcWorker worker = new RpcWorker(settings, h);
    worker.terminated().thenRun(stop::trigger);
    worker.start();
    System.err.println(
        "yogurt worker: " + identity + " starting on queue '" + q + "' at " + endpoint.label());
    stop.await();
    if (!worker.stop(drain)) {
      System.err.println("yogurt worker: what was in flight did not finish within " + drainTimeout);
      return ExitCodes.FAILURE;
    }
    return ExitCodes.OK;
  }

  /** The endpoint from --amqp, --vhost and --amqp-ca; the password from the URL or the env. */
  static AmqpEndpoint amqpEndpoint(String url, String vhost, Path ca) throws InvalidInputException {
    if (ca != null && !Files.isReadable(ca)) {
      throw new InvalidInputException("--amqp-ca: cannot read " + ca);
    }
    String password = System.getenv(AmqpEndpoint.PASSWORD_ENV);
    try {
      return AmqpEndpoint.parse(url, vhost, password == null ? "" : password, ca);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("--amqp: " + e.getMessage());
    }
  }

  static Duration duration(String option, String text) throws InvalidInputException {
    return DurationText.parse(text)
        .filter(d -> !d.isNegative() && !d.isZero())
        .orElseThrow(
            () ->
                new InvalidInputException(
                    option
                        + ": got '"
                        + text
                        + "', expected a positive duration like 2500ms or 3s"));
  }

  /** This worker's own CURVE key pair (with --registry the broker's key comes from there). */
  static CurveKeys ownKeys(Path keys) throws InvalidInputException {
    if (keys == null) {
      return null;
    }
    try {
      CurveKeys own = CurveKeys.load(keys);
      if (own.secretKeyZ85().isEmpty()) {
        throw new InvalidInputException(
            "--curve-keys: " + keys + " has no secret key (give NAME.key_secret)");
      }
      return own;
    } catch (IOException e) {
      throw new InvalidInputException("CURVE: " + e.getMessage());
    }
  }

  /** CURVE client keys from the two options, or null when neither is given. */
  static CurveClient curve(Path server, Path keys) throws InvalidInputException {
    if (server == null && keys == null) {
      return null;
    }
    if (server == null || keys == null) {
      throw new InvalidInputException("--curve-server and --curve-keys go together");
    }
    try {
      CurveKeys own = CurveKeys.load(keys);
      if (own.secretKeyZ85().isEmpty()) {
        throw new InvalidInputException(
            "--curve-keys: " + keys + " has no secret key (give NAME.key_secret)");
      }
      return new CurveClient(own, CurveKeys.load(server).publicKeyZ85());
    } catch (IOException e) {
      throw new InvalidInputException("CURVE: " + e.getMessage());
    }
  }
}
