package io.yogurt.provider.digitalocean;

import io.yogurt.config.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

  private ProviderCheck() {}

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

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

    rows.addAll(workerRows(s, CloudInitSchema.system()));

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

  /**
   * What decides whether a droplet becomes a worker, checked without the API: the broker endpoint,
   * CURVE, the package URL and checksum (the package is downloaded and its SHA-256 compared), and
   * the user data (its size, and {@code cloud-init schema} when cloud-init is installed here).
   */
  public static List<Row> workerRows(DigitalOceanSettings s, CloudInitSchema schema) {
    DigitalOceanSettings.WorkerBoot w = s.worker();
    List<WorkerReadiness.Problem> problems = WorkerReadiness.problems(w);
    List<Row> rows = new ArrayList<>();
    rows.add(
        problemRow(
            "broker",
            "digitalocean.worker.broker-endpoint",
            w.brokerEndpoint(),
            BrokerEndpoint.parse(w.brokerEndpoint())
                .map(e -> e.reach().toString().toLowerCase(Locale.ROOT))
                .orElse(""),
            problems));
    rows.add(
        problemRow(
            "curve",
            "digitalocean.worker.curve-server-key",
            w.curve() ? "on" : "off",
            w.curve() ? "key files 0600 on the droplet" : "",
            problems));
    rows.add(
        problemRow("package", "digitalocean.worker.package-url", w.packageUrl(), "", problems));
    Row sum =
        problemRow(
            "checksum", "digitalocean.worker.package-sha256", w.packageSha256(), "", problems);
    if (sum.ok() && rows.get(2).ok()) {
      sum = digestRow(s);
    }
    rows.add(sum);
    rows.add(userDataRow(s, schema));
    return rows;
  }

  private static Row problemRow(
      String item, String key, String value, String detail, List<WorkerReadiness.Problem> all) {
    String problem =
        all.stream()
            .filter(p -> p.key().equals(key))
            .map(WorkerReadiness.Problem::message)
            .reduce((a, b) -> a + "; " + b)
            .orElse(null);
    return new Row(item, key, value.isEmpty() ? "(none)" : value, detail, problem);
  }

  private static Row digestRow(DigitalOceanSettings s) {
    String key = "digitalocean.worker.package-sha256";
    String want = s.worker().packageSha256();
    String got;
    try {
      got =
          PackageDigest.sha256(
              s.worker().packageUrl(), s.caCertificate(), max(s.connectTimeout(), TEN_SECONDS));
    } catch (IOException | InvalidInputException e) {
      return new Row(
          "checksum", key, want, "", "cannot download the package to verify it: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Row("checksum", key, want, "", "interrupted");
    }
    return new Row(
        "checksum",
        key,
        want,
        "the package's bytes match",
        got.equals(want)
            ? null
            : "the package at "
                + s.worker().packageUrl()
                + " has SHA-256 "
                + got
                + ", not "
                + want
                + ": every droplet would refuse it");
  }

  private static Row userDataRow(DigitalOceanSettings s, CloudInitSchema schema) {
    String key = "digitalocean.user-data-template";
    String template =
        s.userDataTemplate() == null ? "built-in template" : s.userDataTemplate().toString();
    String rendered;
    try {
      rendered = UserData.load(s.userDataTemplate(), s.worker()).render("pool", "service");
    } catch (InvalidInputException e) {
      return new Row(
          "user data",
          key,
          template,
          "",
          e.getMessage().replaceFirst("^digitalocean\\.[a-z-]+: ", ""));
    }
    String size =
        rendered.getBytes(StandardCharsets.UTF_8).length + " of " + UserData.MAX_BYTES + " bytes";
    CloudInitSchema.Result r;
    try {
      r = schema.check(rendered, s.worker().curveSecretKey().reveal());
    } catch (IOException e) {
      r = new CloudInitSchema.Result(CloudInitSchema.Status.UNAVAILABLE, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      r = new CloudInitSchema.Result(CloudInitSchema.Status.UNAVAILABLE, "interrupted");
    }
    return switch (r.status()) {
      case VALID -> new Row("user data", key, template, size + ", cloud-init schema valid", null);
      case UNAVAILABLE ->
          new Row("user data", key, template, size + "; schema not checked: " + r.detail(), null);
      case INVALID -> new Row("user data", key, template, size, "cloud-init schema: " + r.detail());
    };
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
