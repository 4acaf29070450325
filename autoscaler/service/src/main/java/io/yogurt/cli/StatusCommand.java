package io.yogurt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code yogurt status}: what the running service sees, wants and did, per pool. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Show the running service's pools: size, load, last decision and why, overrides, sources.")
final class StatusCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Option(names = "--json", description = "Print the status as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    JsonNode status = new AdminClient(common.stateDir()).get("/status");
    if (json) {
      System.out.println(
          new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(status));
      return ExitCodes.OK;
    }
    System.out.printf(
        Locale.ROOT,
        "last tick %s, lead time %.0f s%n",
        status.path("last_tick").asText("none yet"),
        status.path("lead_time_s").asDouble());
    if (status.path("role").asText().equals("standby")) {
      System.out.println(
          "standby: another instance runs the loop (last tick there "
              + status.path("cluster_last_tick").asText()
              + "); the decisions below are this instance's last");
    } else if (status.path("role").asText().equals("none")) {
      System.out.println("stalled: no tick within three periods");
    }
    System.out.printf(
        "%-12s %-14s %9s %7s %7s %10s %10s %6s  %s%n",
        "POOL",
        "MODE",
        "INSTANCES",
        "DESIRED",
        "QUEUED",
        "ARRIVALS/S",
        "FORECAST/S",
        "LIVE",
        "WHY");
    for (JsonNode pool : status.path("pools")) {
      JsonNode recent = pool.path("recent");
      JsonNode last = recent.isEmpty() ? null : recent.get(recent.size() - 1);
      System.out.printf(
          Locale.ROOT,
          "%-12s %-14s %9s %7s %7s %10s %10s %6s  %s%n",
          pool.path("pool").asText(),
          pool.path("mode").asText(),
          last == null ? "-" : last.path("instances").asText(),
          last == null ? "-" : last.path("desired").asText(),
          last == null ? "-" : last.path("queued").asText(),
          last == null
              ? "-"
              : String.format(Locale.ROOT, "%.1f", last.path("arrivals_per_s").asDouble()),
          last == null || last.path("forecast_per_s").isNull()
              ? "-"
              : String.format(Locale.ROOT, "%.1f", last.path("forecast_per_s").asDouble()),
          last == null ? "-" : last.path("workers_live").asText(),
          last == null ? "" : String.join("; ", texts(last.path("reasons"))));
      if (last != null) {
        List<String> errors = texts(last.path("errors"));
        for (String error : errors) {
          System.out.println("  error: " + error);
        }
        // What the loop noticed beside the decision: a blind broker, a mass loss, launches held.
        for (String e : texts(last.path("events"))) {
          if (!errors.contains(e)) {
            System.out.println("  ! " + e);
          }
        }
      }
      for (JsonNode i : pool.path("instances")) {
        System.out.printf(
            "  %-28s %-10s since %s%n",
            i.path("name").asText(), i.path("health").asText(), i.path("created_at").asText());
      }
      if (pool.has("override")) {
        System.out.print("  override: ");
        OverrideCommands.printOverride(pool.path("override"));
      }
    }
    if (!status.path("hosts").isEmpty()) {
      HostsCommand.print(status.path("hosts"), System.out);
    }
    for (JsonNode s : status.path("sources")) {
      System.out.printf(
          "source %-40s %s %s%n",
          s.path("name").asText(),
          s.path("ok").asBoolean() ? "ok      " : "DEGRADED",
          s.path("detail").asText());
    }
    return ExitCodes.OK;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
