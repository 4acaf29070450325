package io.yogurt.provider.digitalocean;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What would keep a droplet from becoming a worker, found before any droplet is launched: no
 * package or no checksum, a package URL that is not HTTPS, a broker endpoint a droplet cannot reach
 * (unparsable, loopback, wildcard), and CURVE off while the broker is reached across the internet.
 */
public final class WorkerReadiness {

  /**
   * One reason a droplet would not become a worker.
   *
   * @param key the config key to fix, e.g. {@code digitalocean.worker.package-url}
   */
  public record Problem(String key, String message) {
    @Override
    public String toString() {
      return key + ": " + message;
    }
  }

  private static final String PREFIX = "digitalocean.worker.";

  private WorkerReadiness() {}

  /** Every problem of the worker settings; empty when droplets can boot into workers. */
  public static List<Problem> problems(DigitalOceanSettings.WorkerBoot w) {
    List<Problem> out = new ArrayList<>();
    packageProblem(w).ifPresent(out::add);
    if (w.packageSha256().isEmpty()) {
      out.add(
          new Problem(
              PREFIX + "package-sha256",
              "not set; expected the package's SHA-256 (the .sha256 file scripts/release writes"
                  + " beside it): a droplet installs no package it cannot verify"));
    }
    Optional<BrokerEndpoint> endpoint = BrokerEndpoint.parse(w.brokerEndpoint());
    if (endpoint.isEmpty()) {
      out.add(
          new Problem(
              PREFIX + "broker-endpoint",
              w.brokerEndpoint().isEmpty()
                  ? "not set; expected the broker as the droplets reach it, e.g."
                      + " tcp://10.116.0.2:5555 (its VPC address)"
                  : "got '"
                      + w.brokerEndpoint()
                      + "', expected tcp://HOST:PORT, e.g. tcp://10.116.0.2:5555"));
      return out;
    }
    BrokerEndpoint.Reach reach = endpoint.get().reach();
    switch (reach) {
      case LOOPBACK, WILDCARD ->
          out.add(
              new Problem(
                  PREFIX + "broker-endpoint",
                  "got '"
                      + w.brokerEndpoint()
                      + "', a "
                      + (reach == BrokerEndpoint.Reach.LOOPBACK ? "loopback" : "wildcard")
                      + " address a droplet cannot reach; expected the broker's VPC or public"
                      + " address"));
      case UNRESOLVED ->
          out.add(
              new Problem(
                  PREFIX + "broker-endpoint",
                  "got '"
                      + w.brokerEndpoint()
                      + "': host "
                      + endpoint.get().host()
                      + " does not resolve"));
      default -> {}
    }
    if (!w.curve() && reach == BrokerEndpoint.Reach.PUBLIC) {
      out.add(
          new Problem(
              PREFIX + "curve-server-key",
              "CURVE is off while the broker endpoint "
                  + w.brokerEndpoint()
                  + " is not in a private range: the workers' traffic would cross the internet"
                  + " in clear and unauthenticated; set worker.curve-server-key, curve-public-key"
                  + " and curve-secret-key (yogurt keys generate), or use the broker's VPC"
                  + " address"));
    }
    return out;
  }

  private static Optional<Problem> packageProblem(DigitalOceanSettings.WorkerBoot w) {
    String key = PREFIX + "package-url";
    if (w.packageUrl().isEmpty()) {
      return Optional.of(
          new Problem(
              key,
              "not set; expected the https:// URL of the release package yogurt-VERSION.tar.gz"
                  + " (scripts/release builds it)"));
    }
    if (!w.packageUrl().startsWith("https://")) {
      return Optional.of(
          new Problem(
              key,
              "got '"
                  + w.packageUrl()
                  + "', expected an https:// URL (droplets download the package over HTTPS only)"));
    }
    return Optional.empty();
  }
}
