package io.yogurt.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

  Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(3));

  @Test
  void growsWithJitterAndStaysUnderTheCap() {
    long longest = 0;
    for (int attempt = 1; attempt < 12; attempt++) {
      Duration d = b.delay(attempt);
      long ceiling = Math.min(30_000, 1000L << attempt);
      assertTrue(d.toMillis() >= 1000 && d.toMillis() <= ceiling, attempt + ": " + d);
      longest = Math.max(longest, d.toMillis());
    }
    assertTrue(longest > 8_000, "grows: " + longest);
  }

  @Test
  void retryAfterIsAFloor() {
    assertEquals(Duration.ofSeconds(45), b.delay(1, Duration.ofSeconds(45)));
  }

  @Test
  void aMaximumBelowTheBaseWaitsTheBase() {
    Backoff flat = new Backoff(Duration.ofMillis(200), Duration.ofMillis(50), new Random(1));
    assertEquals(Duration.ofMillis(200), flat.delay(5));
  }
}
