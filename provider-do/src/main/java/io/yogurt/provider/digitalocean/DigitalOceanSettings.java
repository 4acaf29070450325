package io.yogurt.provider.digitalocean;

import io.yogurt.config.ConfigSection;
import io.yogurt.config.InvalidInputException;
import io.yogurt.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The {@code digitalocean:} section: how to reach the API, what droplets look like, and how hard
 * Yogurt may push the API. Read once at the edge; the provider trusts it.
 *
 * @param token the API token (never printed); empty when none was found
 * @param apiHost host[:port] of the API, from {@code api-url}
 * @param caCertificate a PEM file of extra CAs to trust (proxies, tests); null for none
 * @param fleetTag the tag every Yogurt droplet carries; pool tags are {@code
 *     <fleetTag>:pool:<pool>}
 */
public record DigitalOceanSettings(
    Secret token,
    String apiHost,
    Path caCertificate,
    String region,
    String size,
    String image,
    List<String> sshKeys,
    boolean monitoring,
    boolean ipv6,
    String vpcUuid,
    String fleetTag,
    List<String> extraTags,
    List<String> fallbackSizes,
    List<String> fallbackRegions,
    Path userDataTemplate,
    WorkerBoot worker,
    int requestsPerMinute,
    int requestsPerHour,
    int maxAttempts,
    Duration backoffBase,
    Duration backoffMax,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration createSettle,
    Duration orphanGrace) {

  /** Where the API lives unless {@code api-url} says otherwise. */
  public static final String DEFAULT_API_URL = "https://api.digitalocean.com";

  /** DigitalOcean's own limits; the client-side budget must stay under them. */
  public static final int API_LIMIT_PER_MINUTE = 250;

  public static final int API_LIMIT_PER_HOUR = 5000;

  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_:-]{1,200}");

  /**
   * What cloud-init needs to install and start the worker on a droplet.
   *
   * @param packageUrl where the droplet downloads the release package (yogurt-VERSION.tar.gz);
   *     empty when not set
   * @param packageSha256 the package's SHA-256 (64 hex digits): a droplet refuses any other bytes
   * @param brokerEndpoint the broker as the droplets reach it, e.g. tcp://10.116.0.2:5555; empty
   *     when not set
   * @param handler the worker's handler argument
   * @param curveServerKey the broker's CURVE public key (Z85); empty for no CURVE
   * @param curvePublicKey the workers' CURVE public key (Z85)
   * @param curveSecretKey the workers' CURVE secret key (Z85); never printed
   */
  public record WorkerBoot(
      String packageUrl,
      String packageSha256,
      String brokerEndpoint,
      String handler,
      String curveServerKey,
      String curvePublicKey,
      Secret curveSecretKey) {

    /** Characters a value may hold: it lands in a shell script and a supervisord command line. */
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9._:/\\[\\]@+=,~-]*");

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    static WorkerBoot from(ConfigSection s) {
      WorkerBoot w =
          new WorkerBoot(
              s.string("package-url", ""),
              s.string("package-sha256", "").toLowerCase(Locale.ROOT),
              s.string("broker-endpoint", ""),
              s.string("handler", "echo"),
              s.string("curve-server-key", ""),
              s.string("curve-public-key", ""),
              s.secret("curve-secret-key", ""));
      boolean anyCurve =
          !w.curveServerKey.isEmpty() || !w.curvePublicKey.isEmpty() || !w.curveSecretKey.isEmpty();
      if (anyCurve) {
        requireZ85(s, "curve-server-key", w.curveServerKey);
        requireZ85(s, "curve-public-key", w.curvePublicKey);
        requireZ85(s, "curve-secret-key", w.curveSecretKey.reveal());
      }
      if (!w.packageSha256.isEmpty() && !SHA256.matcher(w.packageSha256).matches()) {
        s.error(
            "package-sha256",
            "got '"
                + w.packageSha256
                + "', expected 64 hex digits (the first word of the .sha256 file scripts/release"
                + " writes)");
      }
      if (!WORD.matcher(w.packageUrl).matches()) {
        s.error(
            "package-url", "got '" + w.packageUrl + "', expected a URL without spaces or quotes");
      }
      if (!w.brokerEndpoint.isEmpty() && BrokerEndpoint.parse(w.brokerEndpoint).isEmpty()) {
        s.error(
            "broker-endpoint",
            "got '" + w.brokerEndpoint + "', expected tcp://HOST:PORT, e.g. tcp://10.116.0.2:5555");
      }
      if (!WORD.matcher(w.handler).matches() || w.handler.isEmpty()) {
        s.error("handler", "got '" + w.handler + "', expected echo or sleep:DURATION");
      }
      return w;
    }

    /** True when the worker should talk CURVE to the broker. */
    public boolean curve() {
      return !curveServerKey.isEmpty();
    }

    private static void requireZ85(ConfigSection s, String key, String value) {
      if (value.length() != 40) {
        // The value itself is not echoed: it may be the secret key.
        s.error(
            key,
            "expected a 40-character Z85 CURVE key (all three curve-* keys go together), got "
                + value.length()
                + " characters");
      }
    }
  }

  /** Reads the section; the token falls back to {@code token-file}, then $DIGITALOCEAN_TOKEN. */
  public static DigitalOceanSettings from(ConfigSection s) {
    return from(s, System::getenv);
  }

  public static DigitalOceanSettings from(ConfigSection s, UnaryOperator<String> env) {
    Secret token = s.secret("token", "");
    String tokenFile = s.string("token-file", "");
    if (token.isEmpty() && !tokenFile.isEmpty()) {
      token = readTokenFile(s, tokenFile);
    }
    if (token.isEmpty()) {
      String fromEnv = env.apply("DIGITALOCEAN_TOKEN");
      token = new Secret(fromEnv == null ? "" : fromEnv.trim());
    }
    String apiHost = apiHost(s, s.string("api-url", DEFAULT_API_URL));
    String ca = s.string("ca-certificate", "");
    String template = s.string("user-data-template", "");
    String fleetTag = s.string("fleet-tag", "yogurt");
    List<String> extraTags = s.strings("tags", List.of());
    for (String tag : concat(fleetTag, extraTags)) {
      if (!TAG.matcher(tag).matches()) {
        s.error(
            tag.equals(fleetTag) ? "fleet-tag" : "tags",
            "got '" + tag + "', expected a tag of letters, digits, '-', '_' or ':'");
      }
    }
    ConfigSection rate = s.section("rate");
    ConfigSection retry = s.section("retry");
    return new DigitalOceanSettings(
        token,
        apiHost,
        ca.isEmpty() ? null : Path.of(ca),
        s.string("region", "nyc3"),
        s.string("size", "s-1vcpu-1gb"),
        s.string("image", "ubuntu-24-04-x64"),
        s.strings("ssh-keys", List.of()),
        s.bool("monitoring", true),
        s.bool("ipv6", false),
        vpcUuid(s),
        fleetTag,
        extraTags,
        s.strings("fallback-sizes", List.of()),
        s.strings("fallback-regions", List.of()),
        template.isEmpty() ? null : Path.of(template),
        WorkerBoot.from(s.section("worker")),
        rate.integer("requests-per-minute", 200, 1, API_LIMIT_PER_MINUTE),
        rate.integer("requests-per-hour", 4500, 1, API_LIMIT_PER_HOUR),
        retry.integer("max-attempts", 5, 1, 20),
        retry.duration(
            "backoff-base", Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMinutes(1)),
        retry.duration(
            "backoff-max", Duration.ofSeconds(60), Duration.ofMillis(10), Duration.ofMinutes(10)),
        s.duration(
            "connect-timeout",
            Duration.ofSeconds(10),
            Duration.ofMillis(100),
            Duration.ofMinutes(5)),
        s.duration(
            "request-timeout",
            Duration.ofSeconds(30),
            Duration.ofMillis(100),
            Duration.ofMinutes(5)),
        s.duration("create-settle", Duration.ofSeconds(15), Duration.ZERO, Duration.ofMinutes(10)),
        s.duration(
            "orphan-grace", Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofDays(1)));
  }

  /** Where a droplet of the configured size may go, in order of preference. */
  public record Placement(String region, String size) {}

  /**
   * The region with the size, then each fallback size, then the same in each fallback region: what
   * a launch tries, in turn, while the API answers 422 (out of capacity).
   */
  public List<Placement> placements() {
    List<Placement> out = new ArrayList<>();
    for (String r : concat(region, fallbackRegions)) {
      for (String z : concat(size, fallbackSizes)) {
        out.add(new Placement(r, z));
      }
    }
    return out;
  }

  /** The VPC droplets join: empty for the region's default VPC, else a VPC's UUID. */
  private static String vpcUuid(ConfigSection s) {
    String vpc = s.string("vpc-uuid", "");
    if (!vpc.isEmpty() && !UUID_TEXT.matcher(vpc).matches()) {
      s.error(
          "vpc-uuid",
          "got '"
              + vpc
              + "', expected a VPC's UUID like "
              + "5a4981aa-9653-4bd1-bef5-d6bff52042e4 (`doctl vpcs list`), or nothing for the region's default VPC");
    }
    return vpc;
  }

  /** The token, or the one clear error that says how to give it. */
  public Secret requireToken() throws InvalidInputException {
    if (token.isEmpty()) {
      throw new InvalidInputException(
          "digitalocean.token: no DigitalOcean API token; "
              + "set DIGITALOCEAN_TOKEN (or digitalocean.token-file) to a token with read/write scope");
    }
    return token;
  }

  /** The tag that marks the droplets of one pool. */
  public String poolTag(String pool) {
    return fleetTag + ":pool:" + pool;
  }

  private static List<String> concat(String first, List<String> rest) {
    ArrayList<String> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  private static Secret readTokenFile(ConfigSection s, String file) {
    try {
      return new Secret(Files.readString(Path.of(file), StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      s.error("token-file", "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
      return new Secret("");
    }
  }

  private static String apiHost(ConfigSection s, String url) {
    try {
      URI uri = new URI(url);
      boolean pathless =
          uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/");
      if ("https".equals(uri.getScheme())
          && uri.getHost() != null
          && pathless
          && uri.getQuery() == null) {
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    s.error(
        "api-url",
        "got '" + url + "', expected https://host[:port] with no path, e.g. " + DEFAULT_API_URL);
    return "api.digitalocean.com";
  }
}
