package io.yogurt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yogurt.broker.mdp.Mmi;
import io.yogurt.broker.probe.ManagementClient;
import io.yogurt.broker.probe.ManagementClient.Answer;
import io.yogurt.broker.probe.ManagementClient.ManagementException;
import io.yogurt.broker.probe.ProbeTarget;
import io.yogurt.config.InvalidInputException;
import io.yogurt.registry.etcd.BrokerDirectory;
import io.yogurt.registry.etcd.BrokerEntry;
import io.yogurt.registry.etcd.EtcdRegistry;
import io.yogurt.registry.etcd.RegistrySettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code yogurt probe ENDPOINT...}: what each broker says about its services and workers. */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    description = {
      "Ask brokers for mmi.stats and mmi.workers and print them as tables (--json for machines).",
      "Exit 0 when every broker answered, 1 when some did not."
    })
public final class ProbeCommand implements Callable<Integer> {

  private final InstantSource clock;

  ProbeCommand(InstantSource clock) {
    this.clock = clock;
  }

  @Parameters(
      paramLabel = "ENDPOINT",
      arity = "0..*",
      description = "Broker endpoints, e.g. tcp://127.0.0.1:5555.")
  List<String> endpoints = new ArrayList<>();

  @Option(
      names = "--registry",
      paramLabel = "URL",
      description = "Also every broker registered in this etcd: " + RegistrySettings.FORM + ".")
  String registryUrl;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "1s",
      description = "Per-broker timeout (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = "--json", description = "Print one JSON document per broker, one per line.")
  boolean json;

  @Option(
      names = "--drain",
      paramLabel = "WORKER",
      description = "Instead of printing: drain this worker (identity) at every broker.")
  String drain;

  @Option(
      names = "--curve-server",
      paramLabel = "FILE",
      description = "The broker's public certificate: enables CURVE.")
  Path curveServer;

  @Option(
      names = "--curve-keys",
      paramLabel = "FILE",
      description = "Our secret certificate, with --curve-server.")
  Path curveKeys;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public Integer call() throws Exception {
    Duration t = WorkerCommand.duration("--timeout", timeout);
    if (registryUrl != null) {
      endpoints.addAll(registered(RegistryOption.parse(registryUrl, RegistrySettings.NONE)));
    } else if (endpoints.isEmpty()) {
      throw new InvalidInputException("give broker ENDPOINTs, or --registry URL");
    }
    for (String e : endpoints) {
      if (!e.matches("(tcp|ipc|inproc)://.+")) {
        throw new InvalidInputException(
            "ENDPOINT: got '" + e + "', expected an endpoint like tcp://127.0.0.1:5555");
      }
    }
    var curve = WorkerCommand.curve(curveServer, curveKeys);
    boolean allAnswered = true;
    PrintStream out = System.out;
    for (String endpoint : endpoints) {
      try (ManagementClient client =
          new ManagementClient(ProbeTarget.of(endpoint, t), curve, clock)) {
        if (drain != null) {
          Answer a = client.call(Mmi.DRAIN, drain);
          out.println(endpoint + ": " + (a.doc() == null ? a.status() : a.doc().toString()));
          allAnswered &= a.ok();
          continue;
        }
        Answer stats = client.call(Mmi.STATS, "");
        Answer workers = client.call(Mmi.WORKERS, "");
        if (!stats.ok() || !workers.ok()) {
          throw new ManagementException(
              "refused: " + (stats.ok() ? workers.error() : stats.error()));
        }
        if (json) {
          ObjectNode doc = JSON.createObjectNode();
          doc.put("broker", endpoint);
          doc.put("reachable", true);
          doc.set("stats", stats.doc());
          doc.set("workers", workers.doc().path("workers"));
          out.println(JSON.writeValueAsString(doc));
        } else {
          printTables(out, endpoint, stats.doc(), workers.doc());
        }
      } catch (ManagementException e) {
        allAnswered = false;
        if (json) {
          ObjectNode doc = JSON.createObjectNode();
          doc.put("broker", endpoint);
          doc.put("reachable", false);
          doc.put("error", e.getMessage());
          out.println(JSON.writeValueAsString(doc));
        } else {
          System.err.println("yogurt probe: " + endpoint + ": " + e.getMessage());
        }
      }
    }
    return allAnswered ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  /** The endpoints registered in etcd now (one read; etcd must answer). */
  private List<String> registered(RegistrySettings registry) throws Exception {
    try (EtcdRegistry etcd = EtcdRegistry.connect(registry);
        BrokerDirectory directory = new BrokerDirectory(etcd, clock, null).start(true)) {
      return directory.view().stream()
          .map(BrokerEntry::endpoint)
          .filter(e -> !endpoints.contains(e))
          .toList();
    }
  }

  private static void printTables(
      PrintStream out, String endpoint, JsonNode stats, JsonNode workers) {
    out.println(
        "broker "
            + endpoint
            + "  (heartbeat "
            + stats.path("heartbeatIntervalMs").asLong()
            + " ms x "
            + stats.path("heartbeatLiveness").asInt()
            + ")");
    Table services =
        new Table(
            "SERVICE",
            "QUEUED",
            "OLDEST_S",
            "IDLE",
            "BUSY",
            "ARRIVED",
            "REPLIED",
            "EXPIRED",
            "REQUEUED");
    for (JsonNode s : stats.path("services")) {
      services.row(
          s.path("service").asText(),
          s.path("queued").asText(),
          String.format("%.1f", s.path("oldestQueuedSeconds").asDouble()),
          s.path("workersIdle").asText(),
          s.path("workersBusy").asText(),
          s.path("arrived").asText(),
          s.path("replied").asText(),
          s.path("expired").asText(),
          s.path("requeued").asText());
    }
    services.print(out);
    Table ws = new Table("WORKER", "SERVICE", "STATE", "HEARTBEAT_AGE_MS", "IN_FLIGHT", "PROTOCOL");
    for (JsonNode w : workers.path("workers")) {
      ws.row(
          w.path("identity").asText(),
          w.path("service").asText(),
          w.path("state").asText(),
          w.path("heartbeatAgeMs").asText(),
          w.path("inFlight").asText(),
          w.path("protocol").asText());
    }
    out.println();
    ws.print(out);
    if (stats.has("peers")) {
      Table peers =
          new Table("PEER", "STATE", "IDLE", "FORWARDED", "RECEIVED", "RETURNED", "IN_FLIGHT");
      for (JsonNode p : stats.path("peers")) {
        peers.row(
            p.path("peer").asText(),
            p.path("state").asText(),
            p.path("idle").toString(),
            p.path("forwarded").asText(),
            p.path("received").asText(),
            p.path("returned").asText(),
            p.path("inFlight").asText());
      }
      out.println();
      out.println("peering in cluster '" + stats.path("cluster").asText() + "'");
      peers.print(out);
    }
  }
}
