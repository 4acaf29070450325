package io.yogurt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code yogurt hosts}: the supervisor provider's servers as the running service sees them (what
 * runs and what failed on each), taking one out of rotation and back, and installing the worker
 * onto one ({@code hosts install}).
 */
@Command(
    name = "hosts",
    mixinStandardHelpOptions = true,
    description =
        "Show the supervisor provider's hosts: whether supervisord answers, what runs and what"
            + " failed on each.",
    subcommands = {HostsCommand.Out.class, HostsCommand.In.class, HostsInstallCommand.class})
final class HostsCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    JsonNode status = new AdminClient(common.stateDir()).get("/status");
    if (status.path("hosts").isEmpty()) {
      System.out.println("no hosts: the service's provider is not supervisor");
      return ExitCodes.OK;
    }
    print(status.path("hosts"), System.out);
    return ExitCodes.OK;
  }

  /** One line per host, then one per failing worker: used by {@code status} too. */
  static void print(JsonNode hosts, PrintStream out) {
    Table t = new Table("HOST", "STATE", "WORKERS", "RUNNING", "DETAIL");
    List<String> failures = new ArrayList<>();
    for (JsonNode h : hosts) {
      List<String> running = new ArrayList<>();
      h.path("running").forEach(r -> running.add(r.asText()));
      t.row(
          h.path("host").asText(),
          h.path("state").asText(),
          h.path("workers").asInt() + "/" + h.path("max_workers").asInt(),
          running.isEmpty() ? "-" : String.join(", ", running),
          h.path("detail").asText());
      h.path("failed").forEach(f -> failures.add(h.path("host").asText() + ": " + f.asText()));
    }
    t.print(out);
    failures.forEach(f -> out.println("  failed " + f));
  }

  static int rotate(CommonOptions common, String host, boolean in, String reason) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("in", in);
    body.put("reason", reason);
    new AdminClient(common.stateDir()).post("/hosts/" + host + "/rotation", body);
    System.out.println(
        host
            + (in
                ? ": back in rotation"
                : ": out of rotation: no new workers there; those running stay until scale-in"));
    return ExitCodes.OK;
  }

  @Command(
      name = "out",
      mixinStandardHelpOptions = true,
      description = "Take a host out of rotation: Yogurt starts no new worker there.")
  static final class Out implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "HOST", description = "A name from supervisor.hosts.")
    String host;

    @Option(
        names = "--reason",
        defaultValue = "",
        paramLabel = "TEXT",
        description = "Why, for the audit log.")
    String reason;

    @Override
    public Integer call() throws Exception {
      return rotate(common, host, false, reason);
    }
  }

  @Command(
      name = "in",
      mixinStandardHelpOptions = true,
      description = "Put a host back in rotation.")
  static final class In implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "HOST", description = "A name from supervisor.hosts.")
    String host;

    @Override
    public Integer call() throws Exception {
      return rotate(common, host, true, "");
    }
  }
}
