package io.yogurt.provider.digitalocean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.models.Instance;
import io.yogurt.provider.digitalocean.fake.FakeDigitalOceanRig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Creates are journaled in the state directory before the request, so a Yogurt restarted within the
 * API's listing lag counts what its last run asked for instead of launching it again.
 */
class PendingCreatesTest {

  @TempDir Path dir;
  FakeDigitalOceanRig rig;
  DigitalOceanSettings settings;

  @BeforeEach
  void start() throws Exception {
    rig = new FakeDigitalOceanRig(dir);
    rig.api.listLag(Duration.ofSeconds(30));
    settings = rig.settings("create-settle: 60s");
  }

  @AfterEach
  void stop() {
    rig.close();
  }

  private DigitalOceanProvider provider() throws Exception {
    return DigitalOceanProvider.create(
        settings, Map.of(), rig.clock, rig.clock::advance, dir.resolve("state"));
  }

  @Test
  void aRestartWithinTheListingLagCountsWhatTheLastRunCreated() throws Exception {
    DigitalOceanProvider crashed = provider();
    crashed.launch("web", 2, "web-a1");
    // The process dies here (no close); the list will not show the droplets for 30 s.
    rig.clock.advance(Duration.ofSeconds(5));
    try (DigitalOceanProvider restarted = provider()) {
      List<Instance> seen = restarted.list("web");
      assertEquals(List.of("web-a1-0", "web-a1-1"), seen.stream().map(Instance::name).toList());
      assertTrue(seen.stream().allMatch(i -> i.status() == Instance.Status.PENDING));
      assertEquals(
          List.of(
              Long.toString(rig.api.droplets().get(0).id()),
              Long.toString(rig.api.droplets().get(1).id())),
          seen.stream().map(Instance::id).toList(),
          "the ids the create answered with were journaled");

      rig.clock.advance(Duration.ofSeconds(30));
      assertEquals(2, restarted.list("web").size(), "listed now: counted once");
      assertEquals(2, rig.api.stats().creates());
    }
  }

  @Test
  void aCreateWhoseAnswerNeverCameIsCountedUntilCreateSettleThenDestroyedByName() throws Exception {
    PendingCreates journal = PendingCreates.open(dir.resolve("state"));
    journal.asked(
        "web", List.of("web-b1-0"), rig.clock.instant(), rig.clock.instant().plusSeconds(60));
    // The request did go out and the droplet exists; the crash came before its answer.
    rig.api.put("web-b1-0", List.of("yogurt", "yogurt:pool:web"), rig.clock.instant());
    try (DigitalOceanProvider restarted = provider()) {
      List<Instance> seen = restarted.list("web");
      assertEquals(1, seen.size(), "counted although the list lags");
      assertEquals("0", seen.get(0).id(), "its id was never learned");
      rig.clock.advance(Duration.ofSeconds(31));
      restarted.destroy(seen.get(0));
      assertEquals(List.of(), rig.api.droplets(), "found by name and destroyed");
      assertEquals(List.of(), restarted.list("web"));
    }
  }

  @Test
  void aCreateThatNeverHappenedStopsCountingAfterCreateSettle() throws Exception {
    PendingCreates journal = PendingCreates.open(dir.resolve("state"));
    journal.asked(
        "web", List.of("web-c1-0"), rig.clock.instant(), rig.clock.instant().plusSeconds(60));
    try (DigitalOceanProvider restarted = provider()) {
      assertEquals(1, restarted.list("web").size());
      rig.clock.advance(Duration.ofSeconds(61));
      assertEquals(List.of(), restarted.list("web"), "never created: the loop may launch again");
    }
    assertEquals(List.of(), PendingCreates.open(dir.resolve("state")).of("web"));
  }
}
