package io.yogurt.autoscaler.service;

import io.yogurt.broker.BrokerSettings;
import io.yogurt.broker.curve.CurveKeys;
import io.yogurt.config.InvalidInputException;
import io.yogurt.provider.digitalocean.DigitalOceanSettings;
import io.yogurt.provider.digitalocean.PackageDigest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Yogurt checks itself before it lets a droplet be launched, so that a droplet that could
 * never become a worker is not launched (and replaced, and launched again): the release package's
 * bytes match {@code package-sha256} (checked once, in the background, at start), and the embedded
 * broker's CURVE allow-list holds the workers' public key (checked at each launch: the directory
 * may change while Yogurt runs). Answers the reason not to launch, naming the key to fix, or empty.
 */
final class DropletLaunchGate implements Supplier<Optional<String>> {

  private static final Logger log = LoggerFactory.getLogger(DropletLaunchGate.class);

  private final DigitalOceanSettings droplets;
  private final BrokerSettings broker;
  private final AtomicReference<String> packageProblem = new AtomicReference<>();

  private DropletLaunchGate(DigitalOceanSettings droplets, BrokerSettings broker) {
    this.droplets = droplets;
    this.broker = broker;
  }

  /** Starts the package check on its own thread and returns the gate. */
  static DropletLaunchGate start(DigitalOceanSettings droplets, BrokerSettings broker) {
    DropletLaunchGate gate = new DropletLaunchGate(droplets, broker);
    Thread t = new Thread(gate::verifyPackage, "package-check");
    t.setDaemon(true);
    t.start();
    return gate;
  }

  @Override
  public Optional<String> get() {
    String p = packageProblem.get();
    return p != null ? Optional.of(p) : curveProblem();
  }

  private void verifyPackage() {
    DigitalOceanSettings.WorkerBoot w = droplets.worker();
    try {
      String got =
          PackageDigest.sha256(w.packageUrl(), droplets.caCertificate(), Duration.ofSeconds(30));
      if (!got.equals(w.packageSha256())) {
        String problem =
            "digitalocean.worker.package-sha256: the package at "
                + w.packageUrl()
                + " has SHA-256 "
                + got
                + ", not "
                + w.packageSha256()
                + ": every droplet would refuse it; not launching";
        packageProblem.set(problem);
        log.error(problem);
      } else {
        log.info("release package {} verified (SHA-256 {})", w.packageUrl(), got);
      }
    } catch (IOException | InvalidInputException e) {
      // Droplets may reach what this machine cannot: say so, and let them try.
      log.warn(
          "cannot download the release package to verify it (digitalocean.worker.package-url): {}",
          e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Optional<String> curveProblem() {
    DigitalOceanSettings.WorkerBoot w = droplets.worker();
    if (!broker.curve().enabled() || broker.curve().clients().isBlank() || !w.curve()) {
      return Optional.empty();
    }
    try {
      if (CurveKeys.publicKeysIn(Path.of(broker.curve().clients())).contains(w.curvePublicKey())) {
        return Optional.empty();
      }
    } catch (IOException e) {
      return Optional.of(
          "broker.curve.clients: cannot read " + broker.curve().clients() + ": " + e.getMessage());
    }
    return Optional.of(
        "digitalocean.worker.curve-public-key: the broker's allow-list (broker.curve.clients "
            + broker.curve().clients()
            + ") does not hold the workers' public key "
            + w.curvePublicKey()
            + ": the broker would refuse every droplet's worker; add its .key file there");
  }
}
