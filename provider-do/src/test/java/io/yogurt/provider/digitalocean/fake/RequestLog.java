package io.yogurt.provider.digitalocean.fake;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** When each request came (by the fake's clock): the rate limits and the busiest minute. */
final class RequestLog {

  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration HOUR = Duration.ofHours(1);

  private final List<Instant> times = new ArrayList<>();

  void add(Instant t) {
    times.add(t);
  }

  int size() {
    return times.size();
  }

  boolean overLimit(Instant now, int perMinute, int perHour) {
    return count(now, MINUTE) > perMinute || count(now, HOUR) > perHour;
  }

  /** Requests left in the hour, and when the oldest of the hour's requests drops out. */
  int remaining(Instant now, int perHour) {
    return Math.max(0, perHour - count(now, HOUR));
  }

  Instant reset(Instant now) {
    Instant hourAgo = now.minus(HOUR);
    return times.stream().filter(t -> t.isAfter(hourAgo)).findFirst().orElse(now).plus(HOUR);
  }

  /** The most requests in any 60-second window. */
  int maxInAnyMinute() {
    int best = 0;
    int start = 0;
    for (int end = 0; end < times.size(); end++) {
      while (!times.get(start).isAfter(times.get(end).minus(MINUTE))) {
        start++;
      }
      best = Math.max(best, end - start + 1);
    }
    return best;
  }

  private int count(Instant now, Duration window) {
    Instant from = now.minus(window);
    int n = 0;
    for (int i = times.size() - 1; i >= 0 && times.get(i).isAfter(from); i--) {
      n++;
    }
    return n;
  }
}
