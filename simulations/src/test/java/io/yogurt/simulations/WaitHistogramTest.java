package io.yogurt.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WaitHistogramTest {

  @Test
  void percentilesAreBucketUpperEdges() {
    WaitHistogram h = new WaitHistogram();
    h.record(0, 90);
    h.record(1.0, 5);
    h.record(30, 5);
    assertEquals(0, h.percentile(0.5));
    assertEquals(1.05, h.percentile(0.95), 1e-9);
    double p99 = h.percentile(0.99);
    assertTrue(p99 >= 30 && p99 <= 30 * 1.05 + 1e-9, "got " + p99);
    assertEquals((5 * 1.0 + 5 * 30) / 100.0, h.mean(), 1e-9);
  }
}
