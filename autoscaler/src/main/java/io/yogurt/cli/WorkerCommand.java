package io.yogurt.cli;

import io.yogurt.broker.worker.Handler;
import io.yogurt.broker.worker.Handlers;
import io.yogurt.broker.worker.WorkerAgent;
import io.yogurt.broker.worker.WorkerSettings;
import io.yogurt.config.InvalidInputException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code yogurt worker}: one Majordomo worker, named after its instance. SIGTERM (or a drain by
 * the broker) lets it finish the request in flight and say goodbye before it exits.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = {"Run one Majordomo worker until SIGTERM or a drain by the broker.",
        "Built-in handlers: echo, sleep:DURATION (echo after a synthetic service time)."})
public final class WorkerCommand implements Callable<Integer> {

  @Option(names = "--endpoint", defaultValue = "tcp://127.0.0.1:5555", paramLabel = "ENDPOINT",
      description = "Broker to serve (default: ${DEFAULT-VALUE}).")
  String endpoint;

  @Option(names = "--service", defaultValue = "echo", paramLabel = "NAME",
      description = "Service to offer (default: ${DEFAULT-VALUE}).")
  String service;

  @Option(names = "--name", paramLabel = "NAME", description = "Socket identity: the instance's name (default: host name).")
  String name;

  @Option(names = "--handler", defaultValue = "echo", paramLabel = "SPEC",
      description = "echo or sleep:DURATION, e.g. sleep:50ms (default: ${DEFAULT-VALUE}).")
  String handlerSpec;

  @Override
  public Integer call() throws Exception {
    Handler handler = Handlers.parse(handlerSpec).orElseThrow(() -> new InvalidInputException(
        "--handler: got '" + handlerSpec + "', expected echo or sleep:DURATION (e.g. sleep:50ms)"));
    String identity = name != null ? name : java.net.InetAddress.getLocalHost().getHostName();
    WorkerAgent agent = new WorkerAgent(WorkerSettings.of(endpoint, service, identity), handler,
        InstantSource.system()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> agent.stop(Duration.ofSeconds(30)), "worker-stop"));
    agent.terminated().join();
    return ExitCodes.OK;
  }
}
