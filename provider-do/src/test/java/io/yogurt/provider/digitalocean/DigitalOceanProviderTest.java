package io.yogurt.provider.digitalocean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.config.ConfigFile;
import io.yogurt.models.Instance;
import io.yogurt.models.ProviderException;
import io.yogurt.provider.digitalocean.fake.FakeDigitalOcean;
import io.yogurt.provider.digitalocean.fake.FakeDigitalOcean.Fault;
import io.yogurt.provider.digitalocean.fake.FakeDigitalOceanRig;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitalOceanProviderTest {

  @TempDir Path dir;
  FakeDigitalOceanRig rig;
  DigitalOceanProvider provider;

  @BeforeEach
  void start() throws Exception {
    rig = new FakeDigitalOceanRig(dir);
    provider = rig.provider(rig.settings(""));
  }

  @AfterEach
  void stop() {
    provider.close();
    rig.close();
  }

  @Test
  void launchListDestroyOverTls() throws Exception {
    List<Instance> launched = provider.launch("web", 3, "web-abc1");
    assertEquals(
        List.of("web-abc1-0", "web-abc1-1", "web-abc1-2"),
        launched.stream().map(Instance::name).toList());
    assertTrue(launched.stream().allMatch(i -> i.launchKey().equals("web-abc1")));
    assertTrue(launched.stream().allMatch(i -> i.status() == Instance.Status.PENDING));
    FakeDigitalOcean.FakeDroplet first = rig.api.droplets().get(0);
    assertEquals(List.of("yogurt", "yogurt:pool:web"), first.tags());
    assertTrue(first.userData().contains("supervisor"), "cloud-init installs supervisord");

    // The list lags the create, yet the launched droplets are counted at once.
    assertEquals(3, provider.list("web").size());
    assertEquals(0, provider.list("api").size(), "another pool's tag");

    rig.clock.advance(Duration.ofMinutes(2));
    List<Instance> listed = provider.list("web");
    assertEquals(3, listed.size());
    assertTrue(listed.stream().allMatch(i -> i.status() == Instance.Status.ACTIVE), "booted");
    assertEquals("web-abc1", listed.get(0).launchKey());

    provider.destroy(listed.get(1));
    provider.destroy(listed.get(1)); // again: 404 is success
    assertEquals(2, rig.api.droplets().size());
    assertEquals(
        List.of("web-abc1-0", "web-abc1-2"),
        provider.list("web").stream().map(Instance::name).toList());
  }

  @Test
  void listWalksEveryPage() throws Exception {
    for (int i = 0; i < 450; i++) {
      rig.api.put(
          "web-old-" + i,
          List.of("yogurt", "yogurt:pool:web"),
          rig.clock.instant().minus(Duration.ofHours(1)));
    }
    rig.api.put(
        "stranger", List.of("someone-else"), rig.clock.instant().minus(Duration.ofHours(1)));
    long before = rig.api.stats().requests();
    assertEquals(450, provider.list("web").size());
    assertEquals(3, rig.api.stats().requests() - before, "200 per page");
  }

  @Test
  void launchAfterACrashMidLaunchCreatesOnlyTheMissingNames() throws Exception {
    // A previous Yogurt created two of four droplets of this launch, then died.
    var earlier = rig.clock.instant().minus(Duration.ofMinutes(3));
    rig.api.put("web-k1-0", List.of("yogurt", "yogurt:pool:web"), earlier);
    rig.api.put("web-k1-2", List.of("yogurt", "yogurt:pool:web"), earlier);
    List<Instance> launched = provider.launch("web", 4, "web-k1");
    assertEquals(
        List.of("web-k1-0", "web-k1-2", "web-k1-1", "web-k1-3"),
        launched.stream().map(Instance::name).toList());
    assertEquals(4, rig.api.droplets().size());
    assertEquals(2, rig.api.stats().creates());
    assertTrue(rig.api.stats().duplicateNames().isEmpty(), rig.api.stats().toString());
  }

  @Test
  void createWhoseAnswerIsLostIsFoundByTheNextList() throws Exception {
    // list ok, create done but answer lost -> provider waits create-settle, lists, finds them.
    provider.list("web"); // warm the connection
    rig.api.script(Fault.LOST_RESPONSE);
    ProviderException none = null;
    List<Instance> got;
    try {
      got = provider.launch("web", 5, "web-k2");
    } catch (ProviderException e) {
      none = e;
      got = List.of();
    }
    assertEquals(null, none);
    assertEquals(5, got.size());
    assertEquals(5, rig.api.droplets().size());
    assertTrue(rig.api.stats().duplicateNames().isEmpty(), rig.api.stats().toString());

    // The caller retries the whole launch with the same key (it did not see the answer):
    assertEquals(5, provider.launch("web", 5, "web-k2").size());
    assertEquals(5, rig.api.droplets().size(), "a retry adopts, never doubles");
    assertEquals(5, rig.api.stats().creates());
  }

  @Test
  void timeoutOnCreateDoesNotDuplicate() throws Exception {
    provider.list("web");
    rig.api.script(Fault.TIMEOUT);
    assertEquals(12, provider.launch("web", 12, "web-k3").size());
    rig.clock.advance(Duration.ofMinutes(1));
    assertEquals(12, provider.list("web").size());
    assertTrue(rig.api.stats().duplicateNames().isEmpty(), rig.api.stats().toString());
  }

  @Test
  void serverErrorsAndRateLimitsAreRetried() throws Exception {
    rig.api.script(Fault.SERVER_ERROR, Fault.RATE_LIMITED, Fault.SERVER_ERROR);
    assertEquals(0, provider.list("web").size());
    rig.api.script(Fault.RATE_LIMITED);
    assertEquals(2, provider.launch("web", 2, "web-k4").size());
    assertEquals(2, rig.api.stats().creates());
  }

  @Test
  void outOfCapacityFallsBackToTheNextSize() throws Exception {
    provider.close();
    provider = rig.provider(rig.settings("fallback-sizes: [s-1vcpu-2gb]"));
    rig.api.exhausted(Set.of("s-1vcpu-1gb"));
    provider.launch("web", 2, "web-k5");
    assertTrue(rig.api.droplets().stream().allMatch(d -> d.size().equals("s-1vcpu-2gb")));

    rig.api.exhausted(Set.of("s-1vcpu-1gb", "s-1vcpu-2gb"));
    ProviderException e =
        assertThrows(ProviderException.class, () -> provider.launch("web", 1, "web-k6"));
    assertTrue(e.getMessage().contains("HTTP 422"), e.getMessage());
    assertTrue(e.getMessage().contains("fallback-sizes"), e.getMessage());
  }

  @Test
  void aRegionOutOfCapacityFallsBackToTheNextRegionWithoutItsVpc() throws Exception {
    provider.close();
    String vpc = "5a4981aa-9653-4bd1-bef5-d6bff52042e4";
    provider =
        rig.provider(
            rig.settings(
                "fallback-sizes: [s-1vcpu-2gb]\nfallback-regions: [ams3]\nvpc-uuid: " + vpc));
    rig.api.exhaustedRegions(Set.of("nyc3"));
    provider.launch("web", 2, "web-k9");
    assertEquals(
        List.of("ams3/s-1vcpu-1gb/", "ams3/s-1vcpu-1gb/"),
        rig.api.droplets().stream()
            .map(d -> d.region() + "/" + d.size() + "/" + d.vpcUuid())
            .toList(),
        "both sizes refused in nyc3, the first size taken in ams3, in ams3's default VPC");
  }

  @Test
  void dropletsJoinTheConfiguredVpc() throws Exception {
    provider.launch("web", 1, "web-k7");
    assertEquals(
        List.of(""),
        rig.api.droplets().stream().map(d -> d.vpcUuid()).toList(),
        "no vpc-uuid: the region's default VPC");

    provider.close();
    String vpc = "5a4981aa-9653-4bd1-bef5-d6bff52042e4";
    provider = rig.provider(rig.settings("vpc-uuid: " + vpc));
    provider.launch("web", 2, "web-k8");
    assertEquals(List.of("", vpc, vpc), rig.api.droplets().stream().map(d -> d.vpcUuid()).toList());
  }

  @Test
  void aWrongTokenIsAClearNonRetryableError() throws Exception {
    provider.close();
    var s = rig.settings("token: not-the-token");
    provider = rig.provider(s);
    ProviderException e = assertThrows(ProviderException.class, () -> provider.list("web"));
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
  }

  @Test
  void withoutTheExtraCaTheSelfSignedFakeIsNotTrusted() throws Exception {
    String yaml = "digitalocean:\n  api-url: " + rig.api.url() + "\n";
    var file = ConfigFile.parse("t.yaml", new StringReader(yaml), k -> null);
    var s =
        DigitalOceanSettings.from(
            file.root().section("digitalocean"),
            k -> k.equals("DIGITALOCEAN_TOKEN") ? FakeDigitalOceanRig.TOKEN : null);
    try (DigitalOceanProvider strict =
        DigitalOceanProvider.create(s, Map.of(), rig.clock, rig.clock::advance)) {
      ProviderException e = assertThrows(ProviderException.class, () -> strict.list("web"));
      assertTrue(e.getMessage().contains("TLS failed"), e.getMessage());
      assertFalse(e.retryable());
    }
    assertEquals(0, rig.api.stats().requests(), "no request got through");
  }
}
