package io.yogurt.provider.digitalocean.fake;

import io.yogurt.provider.digitalocean.fake.FakeDigitalOcean.Fault;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Which requests the fake fails, and how: scripted faults first, in order; then an exact share of
 * requests (one at a random place in every block of 1/rate), of kinds drawn from a seeded random,
 * so that a run is repeatable and "10%" means ten percent.
 */
final class FaultPlan {

  private final Deque<Fault> scripted = new ArrayDeque<>();
  private final Map<Fault, Integer> injected = new EnumMap<>(Fault.class);
  private Random random = new Random(1);
  private double rate;
  private List<Fault> kinds = List.of(Fault.values());
  private int position;
  private int hitAt = -1;

  void random(double share, long seed, Set<Fault> allowed) {
    rate = share;
    random = new Random(seed);
    kinds = allowed.stream().sorted().toList();
    position = 0;
  }

  void script(List<Fault> next) {
    scripted.addAll(next);
  }

  /** The fault for the next request, or null to serve it. */
  Fault next() {
    Fault f = scripted.isEmpty() ? drawn() : scripted.removeFirst();
    if (f != null) {
      injected.merge(f, 1, Integer::sum);
    }
    return f;
  }

  Map<Fault, Integer> injected() {
    return Map.copyOf(injected);
  }

  private Fault drawn() {
    if (rate <= 0 || kinds.isEmpty()) {
      return null;
    }
    int block = (int) Math.max(1, Math.round(1 / rate));
    if (position == 0) {
      hitAt = random.nextInt(block);
    }
    boolean hit = position == hitAt;
    position = (position + 1) % block;
    return hit ? kinds.get(random.nextInt(kinds.size())) : null;
  }
}
