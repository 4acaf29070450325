package io.yogurt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.yogurt.config.DurationText;
import io.yogurt.config.InvalidInputException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Overriding the policy by hand: {@code scale}, {@code pause}, {@code resume}, {@code overrides},
 * {@code mode}. Each talks to the running service, which keeps the override (across restarts) until
 * it expires and audits every change.
 */
final class OverrideCommands {

  private OverrideCommands() {}

  static Duration duration(String option, String text) throws InvalidInputException {
    Duration d = DurationText.parse(text).orElse(null);
    if (d == null || d.isZero() || d.isNegative()) {
      throw new InvalidInputException(
          option + ": got '" + text + "', expected a positive duration such as 30m, 2h or 1d");
    }
    return d;
  }

  /** Asks the service to set an override and prints it as the service stored it. */
  static int set(
      CommonOptions common,
      String pool,
      String kind,
      int count,
      boolean force,
      String lasting,
      String reason)
      throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("pool", pool);
    body.put("kind", kind);
    body.put("count", count);
    body.put("force", force);
    body.put("seconds", duration("--for", lasting).toSeconds());
    body.put("reason", reason);
    body.put("by", System.getProperty("user.name", ""));
    printOverride(new AdminClient(common.stateDir()).post("/overrides", body));
    return ExitCodes.OK;
  }

  static void printOverride(JsonNode o) {
    System.out.printf(
        "%s: %s until %s%s%n",
        o.path("pool").asText(),
        o.path("kind").asText().equals("pause") ? "paused" : "held at " + o.path("count").asInt(),
        o.path("until").asText(),
        o.path("reason").asText().isEmpty() ? "" : " (" + o.path("reason").asText() + ")");
  }

  @Command(
      name = "scale",
      mixinStandardHelpOptions = true,
      description =
          "Hold a pool at N instances for a while; wins over the policy until it expires.")
  static final class Scale implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "POOL")
    String pool;

    @Option(names = "--to", required = true, paramLabel = "N", description = "Instances to hold.")
    int count;

    @Option(
        names = "--for",
        defaultValue = "1h",
        paramLabel = "DURATION",
        description = "How long the override lasts (default: ${DEFAULT-VALUE}).")
    String lasting;

    @Option(names = "--force", description = "Allow N outside the pool's min..max.")
    boolean force;

    @Option(
        names = "--reason",
        defaultValue = "",
        paramLabel = "TEXT",
        description = "Why, for the audit log.")
    String reason;

    @Override
    public Integer call() throws Exception {
      return set(common, pool, "scale", count, force, lasting, reason);
    }
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = "Stop all actions on a pool for a while (the loop still observes and decides).")
  static final class Pause implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "POOL")
    String pool;

    @Option(
        names = "--for",
        defaultValue = "1h",
        paramLabel = "DURATION",
        description = "How long the pause lasts (default: ${DEFAULT-VALUE}).")
    String lasting;

    @Option(
        names = "--reason",
        defaultValue = "",
        paramLabel = "TEXT",
        description = "Why, for the audit log.")
    String reason;

    @Override
    public Integer call() throws Exception {
      return set(common, pool, "pause", 0, false, lasting, reason);
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "End a pool's override (scale or pause): the policy decides again.")
  static final class Resume implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "POOL")
    String pool;

    @Override
    public Integer call() throws Exception {
      JsonNode r = new AdminClient(common.stateDir()).delete("/overrides/" + pool);
      System.out.println(
          pool
              + (r.path("cleared").asBoolean()
                  ? ": override cleared, the policy decides again"
                  : ": had no override"));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "overrides",
      mixinStandardHelpOptions = true,
      description = "List the overrides in force.")
  static final class List implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Override
    public Integer call() throws Exception {
      JsonNode all = new AdminClient(common.stateDir()).get("/overrides");
      if (all.isEmpty()) {
        System.out.println("no overrides: every pool follows its policy");
      }
      all.forEach(OverrideCommands::printOverride);
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "mode",
      mixinStandardHelpOptions = true,
      description =
          "Switch a pool between live, dry-run (decide and log, never act) and forecast-only.")
  static final class Mode implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "POOL")
    String pool;

    @Parameters(index = "1", paramLabel = "MODE", description = "live, dry-run or forecast-only")
    String mode;

    @Override
    public Integer call() throws Exception {
      new AdminClient(common.stateDir()).post("/pools/" + pool + "/mode", Map.of("mode", mode));
      System.out.println(pool + ": mode " + mode);
      return ExitCodes.OK;
    }
  }
}
