package io.yogurt.cli;

import io.yogurt.broker.Broker;
import io.yogurt.broker.BrokerSettings;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code yogurt broker}: runs a Majordomo broker until SIGTERM or Ctrl-C. */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = {
      "Run a Majordomo (MDP/0.1 and 0.2) broker with heartbeats and management services.",
      "Settings come from the broker: section of the config; --bind overrides broker.bind."
    })
public final class BrokerCommand implements Callable<Integer> {

  private final InstantSource clock;

  BrokerCommand(InstantSource clock) {
    this.clock = clock;
  }

  @Mixin CommonOptions common;

  @Option(
      names = "--bind",
      paramLabel = "ENDPOINT",
      description =
          "Endpoint to bind (default: broker.bind, else " + BrokerSettings.DEFAULT_BIND + ").")
  String bind;

  @Override
  public Integer call() throws Exception {
    BrokerSettings settings = BrokerSettings.from(common.section("broker"));
    common.finishConfig();
    if (bind != null) {
      settings = settings.withBind(bind);
    }
    StopSignal stop = StopSignal.install();
    try (Broker broker = Broker.start(settings, clock)) {
      System.err.println(
          "yogurt broker: listening on "
              + broker.endpoint()
              + (settings.curve().enabled() ? " (CURVE)" : "")
              + "; Ctrl-C to stop");
      stop.await();
    }
    return ExitCodes.OK;
  }
}
