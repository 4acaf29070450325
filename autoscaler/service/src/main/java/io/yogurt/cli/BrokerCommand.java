package io.yogurt.cli;

import io.yogurt.broker.Broker;
import io.yogurt.broker.BrokerSettings;
import io.yogurt.registry.etcd.BrokerFederation;
import io.yogurt.registry.etcd.EtcdRegistry;
import io.yogurt.registry.etcd.RegistrySettings;
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
      "Settings come from the broker: section of the config; --bind overrides broker.bind.",
      "With a registry (registry.url or --registry) it registers there under a lease and, when",
      "broker.peering is on, peers with the other brokers of its cluster found there."
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

  @Option(names = "--registry", paramLabel = "URL", description = RegistryOption.DESCRIPTION)
  String registryUrl;

  @Override
  public Integer call() throws Exception {
    BrokerSettings settings = BrokerSettings.from(common.section("broker"));
    RegistrySettings registry =
        RegistryOption.parse(registryUrl, RegistrySettings.from(common.section("registry")));
    common.finishConfig();
    if (bind != null) {
      settings = settings.withBind(bind);
    }
    StopSignal stop = StopSignal.install();
    try (Broker broker = Broker.start(settings, clock);
        EtcdRegistry etcd = registry.enabled() ? EtcdRegistry.open(registry) : null;
        BrokerFederation federation =
            etcd == null
                ? null
                : BrokerFederation.start(
                    broker,
                    etcd,
                    settings.peering().cluster(),
                    clock,
                    // Peers configured by hand carry on without etcd; otherwise it must answer.
                    settings.peering().peers().isEmpty())) {
      System.err.println(
          "yogurt broker: listening on "
              + broker.endpoint()
              + (settings.curve().enabled() ? " (CURVE)" : "")
              + (settings.peering().enabled()
                  ? "; peering in cluster '"
                      + settings.peering().cluster()
                      + "', state flow on "
                      + broker.stateEndpoint()
                  : "")
              + (federation == null ? "" : "; registered in " + registry.url())
              + "; Ctrl-C to stop");
      stop.await();
    }
    return ExitCodes.OK;
  }
}
