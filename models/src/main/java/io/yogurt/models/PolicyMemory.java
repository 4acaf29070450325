package io.yogurt.models;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * What a policy remembers between ticks of one pool: its recent recommendations (for the scale-in
 * stabilization window) and when it last changed the pool's size (for cooldowns). Immutable; a
 * decision returns the next memory.
 */
public record PolicyMemory(
    List<Recommendation> recommendations, Instant lastScaleUp, Instant lastScaleDown) {

  /** One raw recommendation, before stabilization. */
  public record Recommendation(Instant at, int count) {}

  public static final PolicyMemory EMPTY =
      new PolicyMemory(List.of(), Instant.EPOCH, Instant.EPOCH);

  public PolicyMemory {
    recommendations = List.copyOf(recommendations);
  }

  /** This memory plus a recommendation, forgetting those older than {@code window}. */
  public PolicyMemory remember(Instant now, int count, Duration window) {
    Deque<Recommendation> kept = new ArrayDeque<>();
    for (Recommendation r : recommendations) {
      if (!r.at().isBefore(now.minus(window))) {
        kept.add(r);
      }
    }
    kept.add(new Recommendation(now, count));
    return new PolicyMemory(List.copyOf(kept), lastScaleUp, lastScaleDown);
  }

  /** Highest recommendation at or after {@code since}; {@code fallback} if none. */
  public int highestSince(Instant since, int fallback) {
    return recommendations.stream()
        .filter(r -> !r.at().isBefore(since))
        .mapToInt(Recommendation::count)
        .max()
        .orElse(fallback);
  }

  public PolicyMemory scaledUp(Instant at) {
    return new PolicyMemory(recommendations, at, lastScaleDown);
  }

  public PolicyMemory scaledDown(Instant at) {
    return new PolicyMemory(recommendations, lastScaleUp, at);
  }
}
