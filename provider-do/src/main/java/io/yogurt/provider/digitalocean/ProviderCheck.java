package io.yogurt.provider.digitalocean;

import io.yogurt.config.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the {@code digitalocean:} settings against the API before any droplet is created: the
 * token is accepted and the account active, the region, sizes and image exist, the user data
 * renders within 64 KiB, the rate budget is under the API's limits. Each row says what was checked;
 * a failed row carries the one message a user needs.
 */
public final class ProviderCheck {

  /**
   * One line of the report.
   *
   * @param key the config key checked, e.g. {@code digitalocean.region}
   * @param problem null when fine; else what is wrong and what was expected
   */
  public record Row(String item, String key, String value, String detail, String problem) {
    public boolean ok() {
      return problem == null;
    }
  }

  private ProviderCheck() {}

  /** Runs every check; stops early only when the API refuses the token or cannot be reached. */
  public static List<Row> run(DropletApi api, DigitalOceanSettings s) throws ApiException {
    return run(api, s, -1);
  }

  /**
   * As {@link #run(DropletApi, DigitalOceanSettings)}, also checking that the pools' maxima fit the
   * account's droplet limit.
   *
   * @param plannedMax the sum of every pool's max; negative to skip that check
   */
  public static List<Row> run(DropletApi api, DigitalOceanSettings s, int plannedMax)
      throws ApiException {
    List<Row> rows = new ArrayList<>();
    rows.add(
        new Row(
            "api",
            "digitalocean.api-url",
            s.apiHost(),
            s.caCertificate() == null ? "system CAs" : "system CAs + " + s.caCertificate(),
            null));
    DropletApi.AccountView account;
    try {
      account = api.account();
    } catch (ApiException e) {
      if (e.status() == 401 || e.status() == 403) {
        rows.add(
            new Row(
                "token",
                "digitalocean.token",
                "***",
                "",
                "the API refused the token (HTTP "
                    + e.status()
                    + "); set DIGITALOCEAN_TOKEN to a "
                    + "valid token with read and write scope"));
        return rows;
      }
      throw e;
    }
    int inUse = api.listByTag(s.fleetTag()).size();
    rows.add(
        new Row(
            "token",
            "digitalocean.token",
            "***",
            "account "
                + account.status()
                + ", droplet limit "
                + account.dropletLimit()
                + ", "
                + inUse
                + " droplet(s) tagged "
                + s.fleetTag(),
            "active".equals(account.status())
                ? null
                : "the account is '"
                    + account.status()
                    + "', not active: droplets cannot be created"));

    if (plannedMax >= 0) {
      rows.add(
          new Row(
              "capacity",
              "pools.*.max",
              plannedMax + " droplets at most",
              "droplet limit " + account.dropletLimit(),
              plannedMax <= account.dropletLimit()
                  ? null
                  : "the pools may grow to "
                      + plannedMax
                      + " droplets but the account's droplet "
                      + "limit is "
                      + account.dropletLimit()
                      + "; lower the pools' max or ask DigitalOcean for a higher limit"));
    }

    List<String> regions = api.regions();
    rows.add(regionRow("region", "digitalocean.region", s.region(), regions));
    for (String f : s.fallbackRegions()) {
      rows.add(regionRow("fallback", "digitalocean.fallback-regions", f, regions));
    }

    List<String> sizes = api.sizes();
    rows.add(sizeRow("size", "digitalocean.size", s.size(), sizes));
    for (String f : s.fallbackSizes()) {
      rows.add(sizeRow("fallback", "digitalocean.fallback-sizes", f, sizes));
    }

    rows.add(
        new Row(
            "image",
            "digitalocean.image",
            s.image(),
            "",
            api.imageExists(s.image())
                ? null
                : "got '"
                    + s.image()
                    + "', no such image (a slug like ubuntu-24-04-x64 or an id)"));

    String template =
        s.userDataTemplate() == null ? "built-in template" : s.userDataTemplate().toString();
    try {
      int bytes =
          UserData.load(s.userDataTemplate(), s.worker())
              .render("pool", "service")
              .getBytes(StandardCharsets.UTF_8)
              .length;
      rows.add(
          new Row(
              "user data",
              "digitalocean.user-data-template",
              template,
              bytes
                  + " of "
                  + UserData.MAX_BYTES
                  + " bytes"
                  + (s.worker().curve() ? ", CURVE on" : ", CURVE off"),
              null));
    } catch (InvalidInputException e) {
      rows.add(
          new Row(
              "user data",
              "digitalocean.user-data-template",
              template,
              "",
              e.getMessage().replaceFirst("^digitalocean\\.[a-z-]+: ", "")));
    }

    rows.add(
        new Row(
            "rate budget",
            "digitalocean.rate",
            s.requestsPerMinute() + "/min, " + s.requestsPerHour() + "/h",
            "API limits "
                + DigitalOceanSettings.API_LIMIT_PER_MINUTE
                + "/min, "
                + DigitalOceanSettings.API_LIMIT_PER_HOUR
                + "/h",
            null));
    return rows;
  }

  /** The rows as a fixed-width table. */
  public static String table(List<Row> rows) {
    StringBuilder b =
        new StringBuilder(
            String.format("%-12s %-32s %-6s %s%n", "CHECK", "VALUE", "RESULT", "DETAIL"));
    for (Row r : rows) {
      b.append(
          String.format(
              "%-12s %-32s %-6s %s%n",
              r.item(),
              clip(r.value(), 32),
              r.ok() ? "ok" : "FAIL",
              r.ok() ? r.detail() : r.problem()));
    }
    return b.toString();
  }

  private static Row regionRow(String item, String key, String region, List<String> regions) {
    return new Row(
        item,
        key,
        region,
        "",
        regions.contains(region)
            ? null
            : "got '"
                + region
                + "', not an available region; available: "
                + String.join(", ", regions));
  }

  private static Row sizeRow(String item, String key, String size, List<String> sizes) {
    return new Row(
        item,
        key,
        size,
        "",
        sizes.contains(size)
            ? null
            : "got '" + size + "', not an available size; available: " + String.join(", ", sizes));
  }

  private static String clip(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }
}
