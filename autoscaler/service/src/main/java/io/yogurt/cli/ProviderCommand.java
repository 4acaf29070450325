package io.yogurt.cli;

import io.yogurt.autoscaler.Settings;
import io.yogurt.config.InvalidInputException;
import io.yogurt.provider.digitalocean.ApiException;
import io.yogurt.provider.digitalocean.DigitalOceanProvider;
import io.yogurt.provider.digitalocean.DigitalOceanSettings;
import io.yogurt.provider.digitalocean.ProviderCheck;
import io.yogurt.provider.digitalocean.Sleeper;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code yogurt provider check}. */
@Command(
    name = "provider",
    mixinStandardHelpOptions = true,
    description = "Check the cloud provider's settings.",
    subcommands = {ProviderCommand.Check.class})
public final class ProviderCommand {

  /**
   * Verifies the token and the digitalocean settings against the API before any droplet is created,
   * and prints what it checked.
   */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Verify the DigitalOcean token, region, size, image and user data against the "
              + "API (creates nothing); exit 0 when all is well, 2 when a setting is wrong, 1 when the "
              + "API cannot be reached.")
  static final class Check implements Callable<Integer> {

    private final InstantSource clock;

    Check(InstantSource clock) {
      this.clock = clock;
    }

    @Mixin CommonOptions common;

    @Override
    public Integer call() throws Exception {
      Settings settings = Settings.load(common.configFile());
      DigitalOceanSettings s = settings.digitalocean();
      int plannedMax = settings.pools().stream().mapToInt(p -> p.spec().max()).sum();
      s.requireToken();
      List<ProviderCheck.Row> rows;
      try {
        // Two tries: a check should answer quickly, not wait out a long outage.
        rows =
            ProviderCheck.run(
                DigitalOceanProvider.guardedApi(s, clock, Sleeper.SYSTEM, 2), s, plannedMax);
      } catch (ApiException e) {
        System.err.println("yogurt: provider check: " + e.getMessage());
        return ExitCodes.FAILURE;
      }
      System.out.print(ProviderCheck.table(rows));
      List<ProviderCheck.Row> failed = rows.stream().filter(r -> !r.ok()).toList();
      if (failed.isEmpty()) {
        return ExitCodes.OK;
      }
      StringBuilder msg = new StringBuilder();
      for (ProviderCheck.Row r : failed) {
        msg.append(msg.isEmpty() ? "" : "\n").append(r.key()).append(": ").append(r.problem());
      }
      throw new InvalidInputException(msg.toString());
    }
  }
}
