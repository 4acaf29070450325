package io.yogurt.provider.digitalocean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScaleWithFaultsTest {

  @TempDir Path dir;

  @Test
  void zeroToThirtySevenAndBackWithTenPercentFaults() throws Exception {
    ScaleHarness.Result r = ScaleHarness.run(dir, 37, 0.10, 60, 7);
    System.out.print(r.report());
    assertEquals(37, r.peakAlive(), r.report());
    assertEquals(0, r.duplicates(), r.report());
    assertEquals(37, r.creates(), r.report());
    assertEquals(0, r.orphans(), r.report());
    assertTrue(r.maxRequestsInAnyMinute() <= 60, r.report());
    assertTrue(r.faults() > 0, "faults were injected: " + r.report());
  }

  @Test
  void holdsUnderOtherSeedsToo() throws Exception {
    for (long seed = 100; seed < 103; seed++) {
      ScaleHarness.Result r = ScaleHarness.run(dir, 23, 0.10, 40, seed);
      assertEquals(0, r.duplicates(), r.report());
      assertEquals(0, r.orphans(), r.report());
      assertEquals(23, r.peakAlive(), r.report());
      assertTrue(r.maxRequestsInAnyMinute() <= 40, r.report());
    }
  }
}
