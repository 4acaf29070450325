package io.yogurt.provider.digitalocean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

  Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(3));

  @Test
  void growsWithJitterAndStaysUnderTheCap() {
    for (int attempt = 1; attempt < 12; attempt++) {
      Duration d = b.delay(attempt, null);
      long ceiling = Math.min(30_000, 1000L << attempt);
      assertTrue(d.toMillis() >= 1000 && d.toMillis() <= ceiling, attempt + ": " + d);
    }
  }

  @Test
  void retryAfterIsAFloor() {
    assertEquals(Duration.ofSeconds(45), b.delay(1, Duration.ofSeconds(45)));
  }
}
