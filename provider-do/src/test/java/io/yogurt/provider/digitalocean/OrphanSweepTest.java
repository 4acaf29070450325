package io.yogurt.provider.digitalocean;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.yogurt.provider.digitalocean.fake.FakeDigitalOceanRig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrphanSweepTest {

  @TempDir Path dir;

  @Test
  void destroysWhatNoPoolShouldHaveAndNothingElse() throws Exception {
    try (FakeDigitalOceanRig rig = new FakeDigitalOceanRig(dir);
        DigitalOceanProvider p = rig.provider(rig.settings("orphan-grace: 10m"))) {
      Instant old = rig.clock.instant().minus(Duration.ofMinutes(30));
      List<String> web = List.of("yogurt", "yogurt:pool:web");
      rig.api.put("web-a-0", web, old); // healthy
      rig.api.put("web-a-1", web, old); // no worker
      rig.api.put("web-a-0", web, old.plusSeconds(1)); // a duplicate of web-a-0
      rig.api.put("gone-a-0", List.of("yogurt", "yogurt:pool:gone"), old); // pool removed
      rig.api.put("web-b-0", web, rig.clock.instant().minus(Duration.ofMinutes(2))); // young
      rig.api.put("db-1", List.of("prod"), old); // not ours
      rig.clock.advance(Duration.ofSeconds(10));

      var swept = p.sweepOrphans(Set.of("web"), Set.of("web-a-0"));
      assertEquals(
          Set.of("web-a-1", "web-a-0", "gone-a-0"),
          Set.copyOf(swept.stream().map(DigitalOceanProvider.Orphan::name).toList()));
      assertEquals(
          List.of("web-a-0", "web-b-0", "db-1"),
          rig.api.droplets().stream().map(d -> d.name()).toList());

      // With the brokers unreachable nothing is judged by its worker.
      rig.clock.advance(Duration.ofMinutes(20));
      assertEquals(List.of(), p.sweepOrphans(Set.of("web"), null));
    }
  }
}
