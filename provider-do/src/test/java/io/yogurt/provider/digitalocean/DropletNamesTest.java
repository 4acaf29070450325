package io.yogurt.provider.digitalocean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DropletNamesTest {

  @Test
  void loopKeysAreUsedAsTheyAre() {
    assertEquals(
        List.of("web-lk3x9a-0", "web-lk3x9a-1"), DropletNames.forLaunch("web", "web-lk3x9a", 2));
    assertEquals(Optional.of("web-lk3x9a"), DropletNames.launchKeyOf("web", "web-lk3x9a-1"));
    assertEquals("web-lk3x9a", DropletNames.launchKey("web", "web-lk3x9a"));
  }

  @Test
  void otherKeysAreHashedStably() {
    List<String> a = DropletNames.forLaunch("my-pool", "Some Key/With spaces", 1);
    assertEquals(a, DropletNames.forLaunch("my-pool", "Some Key/With spaces", 1));
    assertTrue(a.get(0).matches("my-pool-k[a-z2-7]{10}-0"), a.get(0));
    assertEquals(
        Optional.of(a.get(0).substring(0, a.get(0).length() - 2)),
        DropletNames.launchKeyOf("my-pool", a.get(0)));
  }

  @Test
  void foreignNamesHaveNoKey() {
    assertEquals(Optional.empty(), DropletNames.launchKeyOf("web", "db-1"));
    assertEquals(Optional.empty(), DropletNames.launchKeyOf("web", "web-manual"));
  }
}
