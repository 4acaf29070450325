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
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code yogurt worker}: one Majordomo worker process. SIGTERM drains it: the request in flight
 * finishes, the worker says DISCONNECT, and the process exits 0. A drain from the broker ends it
 * the same way.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description =
        "Run a Majordomo worker with a built-in handler (echo, or sleep:DURATION as a synthetic service time).")
public final class WorkerCommand implements Callable<Integer> {

  private final InstantSource clock;

  WorkerCommand(InstantSource clock) {
    this.clock = clock;
  }

  @Option(
      names = "--endpoint",
      paramLabel = "ENDPOINT",
      defaultValue = "tcp://127.0.0.1:5555",
      description = "Broker endpoint (default: ${DEFAULT-VALUE}).")
  String endpoint;

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
    Duration hb = duration("--heartbeat", heartbeat);
    Duration drain = duration("--drain-timeout", drainTimeout);
    MdpVersion version =
        switch (mdp) {
          case "0.1" -> MdpVersion.V01;
          case "0.2" -> MdpVersion.V02;
          default ->
              throw new InvalidInputException("--mdp: got '" + mdp + "', expected 0.1 or 0.2");
        };
    String identity = name != null ? name : InetAddress.getLocalHost().getHostName();
    WorkerSettings settings =
        WorkerSettings.of(endpoint, service, identity)
            .withHeartbeat(hb, 3)
            .withVersion(version)
            .withCurve(curve(curveServer, curveKeys));
    StopSignal stop = StopSignal.install();
    WorkerAgent agent = new WorkerAgent(settings, h, clock);
    agent.terminated().thenRun(stop::trigger);
    agent.start();
    System.err.println("yogurt worker: " + identity + " serving '" + service + "' at " + endpoint);
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
