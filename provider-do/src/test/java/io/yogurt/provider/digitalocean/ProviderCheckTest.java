package io.yogurt.provider.digitalocean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.provider.digitalocean.fake.FakeDigitalOceanRig;
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
          List.of("api", "token", "region", "size", "image", "user data", "rate budget"),
          rows.stream().map(ProviderCheck.Row::item).toList());
      assertTrue(rows.get(1).detail().contains("droplet limit 100"), rows.get(1).detail());
    }
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
