package io.yogurt.provider.digitalocean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.models.Instance;
import io.yogurt.models.ProviderException;
import io.yogurt.provider.digitalocean.fake.FakeDigitalOceanRig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tick's side of the provider never calls the API: launches come back at once as pending
 * instances and are carried out on the provider's thread; a launch the API refuses for good makes
 * the pool hold, with one message, instead of launching again every tick.
 */
class OffTickProviderTest {

  @TempDir Path dir;
  FakeDigitalOceanRig rig;
  OffTickProvider provider;

  @BeforeEach
  void start() throws Exception {
    rig = new FakeDigitalOceanRig(dir);
  }

  @AfterEach
  void stop() {
    if (provider != null) {
      provider.close();
    }
    rig.close();
  }

  private OffTickProvider provider(String yaml, Supplier<Optional<String>> gate) throws Exception {
    provider =
        new OffTickProvider(
            rig.provider(rig.settings(yaml)),
            List.of("web"),
            rig.clock,
            Duration.ofMillis(50),
            Duration.ofMinutes(5),
            Duration.ofMinutes(10),
            gate);
    await().atMost(Duration.ofSeconds(30)).until(() -> listed("web"));
    return provider;
  }

  private boolean listed(String pool) {
    try {
      provider.list(pool);
      return true;
    } catch (ProviderException e) {
      return false;
    }
  }

  @Test
  void aLaunchComesBackAtOnceAsPendingAndIsCarriedOutBehind() throws Exception {
    provider("", Optional::empty);
    rig.api.answerDelay(Duration.ofMillis(300));
    List<Instance> pending = provider.launch("web", 2, "web-k1");
    assertEquals(List.of("web-k1-0", "web-k1-1"), pending.stream().map(Instance::name).toList());
    assertTrue(
        pending.stream().allMatch(i -> i.id().equals("0") && i.launchKey().equals("web-k1")));
    assertEquals(pending, provider.list("web"), "the tick sees the launch in flight");
    assertEquals(pending, provider.launch("web", 2, "web-k1"), "the same launch asked again");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> provider.list("web").stream().noneMatch(i -> i.id().equals("0")));
    assertEquals(2, provider.list("web").size());
    assertEquals(2, rig.api.stats().creates());

    Instance first = provider.list("web").get(0);
    provider.destroy(first);
    await().atMost(Duration.ofSeconds(30)).until(() -> rig.api.droplets().size() == 1);
  }

  @Test
  void aLaunchTheApiRefusesForGoodHoldsThePoolWithOneMessage() throws Exception {
    provider("region: mars1", Optional::empty);
    provider.launch("web", 3, "web-k2");
    await().atMost(Duration.ofSeconds(30)).until(() -> provider.refusal("web").isPresent());
    ProviderException e =
        assertThrows(ProviderException.class, () -> provider.launch("web", 3, "web-k3"));
    assertTrue(e.getMessage().contains("digitalocean.region 'mars1'"), e.getMessage());
    assertTrue(e.getMessage().contains("pool web holds"), e.getMessage());
    assertEquals(List.of(), provider.list("web"), "the refused launch is no longer in flight");
    assertEquals(0, rig.api.stats().creates());

    rig.clock.advance(Duration.ofMinutes(11));
    assertEquals(Optional.empty(), provider.refusal("web"), "tried again after the hold");
  }

  @Test
  void aClosedGateLaunchesNothing() throws Exception {
    String why = "digitalocean.worker.package-sha256: the package at ... has SHA-256 1, not 2";
    provider("", () -> Optional.of(why));
    ProviderException e =
        assertThrows(ProviderException.class, () -> provider.launch("web", 1, "web-k4"));
    assertEquals(why, e.getMessage());
    assertEquals(List.of(), provider.list("web"));
    assertEquals(0, rig.api.stats().creates());
  }
}
