package io.yogurt.provider.digitalocean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.provider.digitalocean.fake.FakeDigitalOceanRig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderCheckTest {

  @TempDir Path dir;

  @Test
  void goodSettingsPassEveryCheck() throws Exception {
    try (FakeDigitalOceanRig rig = new FakeDigitalOceanRig(dir)) {
      DigitalOceanSettings s = rig.settings("");
      List<ProviderCheck.Row> rows =
          ProviderCheck.run(DigitalOceanProvider.guardedApi(s, rig.clock, rig.clock::advance), s);
      assertTrue(rows.stream().allMatch(ProviderCheck.Row::ok), ProviderCheck.table(rows));
      assertEquals(
          List.of(
              "api",
              "token",
              "region",
              "size",
              "image",
              "broker",
              "curve",
              "package",
              "checksum",
              "user data",
              "rate budget"),
          rows.stream().map(ProviderCheck.Row::item).toList());
      assertTrue(rows.get(1).detail().contains("droplet limit 100"), rows.get(1).detail());
      assertEquals(
          "built-in template", rows.get(9).value(), "the droplet's user data: " + rows.get(9));
      assertTrue(rows.get(9).detail().contains("cloud-init schema valid"), rows.get(9).detail());
      assertEquals(1, rig.packages.downloads(), "the package was downloaded to verify it");
    }
  }

  @Test
  void whatWouldKeepADropletFromBecomingAWorkerIsCaughtBeforeLaunch() throws Exception {
    try (FakeDigitalOceanRig rig = new FakeDigitalOceanRig(dir)) {
      assertEquals(
          List.of(
              "digitalocean.worker.broker-endpoint: got 'tcp://127.0.0.1:5555', a loopback address"
                  + " a droplet cannot reach; expected the broker's VPC or public address",
              "digitalocean.worker.package-url: got 'http://dl.example.com/y.tar.gz', expected an"
                  + " https:// URL (droplets download the package over HTTPS only)",
              "digitalocean.worker.package-sha256: not set; expected the package's SHA-256 (the"
                  + " .sha256 file scripts/release writes beside it): a droplet installs no"
                  + " package it cannot verify"),
          failures(
              rig,
              "worker:\n  broker-endpoint: tcp://127.0.0.1:5555\n"
                  + "  package-url: http://dl.example.com/y.tar.gz\n"));

      List<String> clear =
          failures(
              rig,
              "worker:\n  broker-endpoint: tcp://203.0.113.7:5555\n  package-url: "
                  + rig.packages.url()
                  + "\n  package-sha256: "
                  + "0".repeat(64)
                  + "\n");
      assertEquals(2, clear.size(), clear.toString());
      assertTrue(
          clear
              .get(0)
              .startsWith(
                  "digitalocean.worker.curve-server-key: CURVE is off while the"
                      + " broker endpoint tcp://203.0.113.7:5555 is not in a private range"),
          clear.get(0));
      assertTrue(
          clear
              .get(1)
              .startsWith(
                  "digitalocean.worker.package-sha256: the package at "
                      + rig.packages.url()
                      + " has SHA-256 "
                      + rig.packages.sha256()
                      + ", not 000"),
          clear.get(1));
    }
  }

  @Test
  void userDataThatCloudInitWouldRejectFailsTheCheck() throws Exception {
    try (FakeDigitalOceanRig rig = new FakeDigitalOceanRig(dir)) {
      Path template =
          Files.writeString(
              dir.resolve("mine.yaml"),
              "#cloud-config\nwrite_files:\n  - path: 3\n    content: {{pool}}\n");
      List<String> failed = failures(rig, "user-data-template: " + template + "\n");
      assertEquals(1, failed.size(), failed.toString());
      assertTrue(
          failed.get(0).startsWith("digitalocean.user-data-template: cloud-init schema:")
              && failed.get(0).contains("write_files.0.path: 3 is not of type 'string'"),
          failed.get(0));
    }
  }

  private static List<String> failures(FakeDigitalOceanRig rig, String yaml) throws Exception {
    DigitalOceanSettings s = rig.settings(yaml);
    return ProviderCheck.run(DigitalOceanProvider.guardedApi(s, rig.clock, rig.clock::advance), s)
        .stream()
        .filter(r -> !r.ok())
        .map(r -> r.key() + ": " + r.problem())
        .toList();
  }

  @Test
  void eachBadSettingGetsItsOwnMessage() throws Exception {
    try (FakeDigitalOceanRig rig = new FakeDigitalOceanRig(dir)) {
      DigitalOceanSettings s =
          rig.settings(
              "region: xyz9\nsize: s-64vcpu\nimage: windows-95\nfallback-sizes: [s-1vcpu-2gb]\n"
                  + "fallback-regions: [ams3, mars1]\n");
      List<ProviderCheck.Row> failed =
          ProviderCheck.run(DigitalOceanProvider.guardedApi(s, rig.clock, rig.clock::advance), s)
              .stream()
              .filter(r -> !r.ok())
              .toList();
      assertEquals(
          List.of(
              "digitalocean.region",
              "digitalocean.fallback-regions",
              "digitalocean.size",
              "digitalocean.image"),
          failed.stream().map(ProviderCheck.Row::key).toList());
      assertTrue(
          failed.get(0).problem().contains("got 'xyz9', not an available region; available: ams3"),
          failed.get(0).problem());
    }
  }

  @Test
  void poolsThatCouldOutgrowTheDropletLimitAreFlagged() throws Exception {
    try (FakeDigitalOceanRig rig = new FakeDigitalOceanRig(dir)) {
      DigitalOceanSettings s = rig.settings("");
      List<ProviderCheck.Row> failed =
          ProviderCheck.run(
                  DigitalOceanProvider.guardedApi(s, rig.clock, rig.clock::advance), s, 140)
              .stream()
              .filter(r -> !r.ok())
              .toList();
      assertEquals(1, failed.size());
      assertTrue(
          failed
              .get(0)
              .problem()
              .contains("may grow to 140 droplets but the account's " + "droplet limit is 100"),
          failed.get(0).problem());
    }
  }

  @Test
  void aRefusedTokenStopsTheCheckWithOneMessage() throws Exception {
    try (FakeDigitalOceanRig rig = new FakeDigitalOceanRig(dir)) {
      DigitalOceanSettings s = rig.settings("token: wrong");
      List<ProviderCheck.Row> rows =
          ProviderCheck.run(DigitalOceanProvider.guardedApi(s, rig.clock, rig.clock::advance), s);
      assertEquals(2, rows.size());
      assertTrue(rows.get(1).problem().contains("refused the token (HTTP 401)"));
      assertTrue(rows.get(1).problem().contains("set DIGITALOCEAN_TOKEN"));
    }
  }
}
