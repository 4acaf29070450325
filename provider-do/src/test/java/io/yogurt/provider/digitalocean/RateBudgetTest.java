package io.yogurt.provider.digitalocean;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.yogurt.models.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateBudgetTest {

  ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  List<Instant> sent = new ArrayList<>();

  @Test
  void neverMoreThanTheBudgetInAnyMinute() throws Exception {
    RateBudget b = new RateBudget(10, 1000, 0, clock, clock::advance);
    for (int i = 0; i < 35; i++) {
      b.acquire();
      sent.add(clock.instant());
      clock.advance(Duration.ofSeconds(1));
    }
    for (Instant t : sent) {
      long inWindow =
          sent.stream().filter(x -> !x.isBefore(t) && x.isBefore(t.plusSeconds(60))).count();
      assertEquals(true, inWindow <= 10, "window from " + t + " had " + inWindow);
    }
    assertEquals(35, b.total());
  }

  @Test
  void theHourlyBudgetHoldsToo() throws Exception {
    RateBudget b = new RateBudget(100, 150, 0, clock, clock::advance);
    Instant start = clock.instant();
    for (int i = 0; i < 151; i++) {
      b.acquire();
    }
    // 100 at once, 50 more a minute later, the 151st only when the first leaves the hour.
    assertEquals(Duration.ofHours(1), Duration.between(start, clock.instant()));
  }

  @Test
  void waitsForTheServersResetWhenItSaysLittleRemains() throws Exception {
    RateBudget b = new RateBudget(100, 1000, 5, clock, clock::advance);
    Instant reset = clock.instant().plusSeconds(42);
    b.observe(new RateLimitHeaders.Snapshot(200, 3, reset, null));
    b.acquire();
    assertEquals(reset, clock.instant());
  }

  @Test
  void retryAfterPausesEveryone() throws Exception {
    RateBudget b = new RateBudget(100, 1000, 5, clock, clock::advance);
    Instant start = clock.instant();
    b.pauseFor(Duration.ofSeconds(7));
    b.acquire();
    assertEquals(Duration.ofSeconds(7), Duration.between(start, clock.instant()));
  }
}
