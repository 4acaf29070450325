package io.yogurt.provider.digitalocean.fake;

import io.yogurt.config.ConfigFile;
import io.yogurt.config.InvalidInputException;
import io.yogurt.models.ManualClock;
import io.yogurt.provider.digitalocean.DigitalOceanProvider;
import io.yogurt.provider.digitalocean.DigitalOceanSettings;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * The fake API, its certificate, a shared clock, and a way to make real providers that talk to it
 * over TLS. The provider's sleeps advance the clock, so rate windows and boots pass at once.
 */
public final class FakeDigitalOceanRig implements AutoCloseable {

  /** The token the fake accepts; tests assert it never shows up anywhere. */
  public static final String TOKEN =
      "dop_v1_f4k3t0k3n0123456789abcdef0123456789abcdef0123456789abcdef01";

  public final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T09:00:00Z"));
  public final FakeDigitalOcean api;

  /** Serves a stand-in release package over HTTPS (the fake API's certificate). */
  public final PackageServer packages;

  private final Path caFile;

  public FakeDigitalOceanRig(Path tempDir) throws IOException {
    SelfSignedTls tls = SelfSignedTls.shared();
    api = new FakeDigitalOcean(clock, TOKEN, tls);
    caFile = tls.writeCertificate(tempDir.resolve("fake-do-ca.pem"));
    packages =
        new PackageServer(
            Files.writeString(tempDir.resolve("yogurt-test.tar.gz"), "a stand-in package"), tls);
  }

  /**
   * The {@code worker:} keys of a droplet that can boot: the stand-in package and its checksum, a
   * broker on a private address (so CURVE may be off).
   */
  public String workerYaml() throws IOException {
    return "worker:\n"
        + "  package-url: "
        + packages.url()
        + "\n  package-sha256: "
        + packages.sha256()
        + "\n  broker-endpoint: tcp://10.116.0.2:5555\n";
  }

  /**
   * Settings pointing at the fake; {@code extraYaml} is more keys of the digitalocean section. A
   * {@code worker:} section is added ({@link #workerYaml()}) unless {@code extraYaml} has one.
   */
  public DigitalOceanSettings settings(String extraYaml) throws InvalidInputException {
    if (!extraYaml.contains("worker:")) {
      try {
        extraYaml =
            extraYaml
                + (extraYaml.isEmpty() || extraYaml.endsWith("\n") ? "" : "\n")
                + workerYaml();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    String yaml =
        "digitalocean:\n"
            + "  api-url: "
            + api.url()
            + "\n"
            + "  ca-certificate: "
            + caFile
            + "\n"
            + "  request-timeout: 500ms\n"
            + "  connect-timeout: 2s\n"
            + indent(extraYaml);
    ConfigFile file =
        ConfigFile.parse(
            "test.yaml",
            new StringReader(yaml),
            k -> k.equals("DIGITALOCEAN_TOKEN") ? TOKEN : null);
    DigitalOceanSettings s =
        DigitalOceanSettings.from(
            file.root().section("digitalocean"),
            k -> k.equals("DIGITALOCEAN_TOKEN") ? TOKEN : null);
    file.finish();
    return s;
  }

  /** A provider on the fake whose waits advance the shared clock. */
  public DigitalOceanProvider provider(DigitalOceanSettings s) throws InvalidInputException {
    return DigitalOceanProvider.create(s, Map.of(), clock, clock::advance);
  }

  public Path caFile() {
    return caFile;
  }

  @Override
  public void close() {
    api.close();
    packages.close();
  }

  private static String indent(String yaml) {
    if (yaml.isBlank()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (String line : yaml.split("\n")) {
      b.append("  ").append(line).append('\n');
    }
    return b.toString();
  }
}
