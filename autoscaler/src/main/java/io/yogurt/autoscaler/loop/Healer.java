package io.yogurt.autoscaler.loop;

import io.yogurt.autoscaler.policy.InstanceHealth;
import io.yogurt.models.Instance;
import io.yogurt.models.PolicyInput;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Finds instances to replace: past their boot grace with no live worker for longer than {@code
 * deadAfter}. When most of a pool's workers vanish at once, the broker or the network is the likely
 * cause, not the workers: it replaces none and says so.
 */
final class Healer {

  /** What healing wants this tick. */
  record Plan(List<Instance> replace, String event) {}

  private final InstanceHealth health;
  private final Duration deadAfter;
  private final double massLossFraction;

  Healer(InstanceHealth health, Duration deadAfter, double massLossFraction) {
    this.health = health;
    this.deadAfter = deadAfter;
    this.massLossFraction = massLossFraction;
  }

  /**
   * @param missingSince when each instance was first seen without a worker (kept by the loop)
   */
  Plan plan(PolicyInput in, Map<String, Instant> missingSince) {
    List<Instance> missing = health.withoutWorker(in);
    int serving = in.view().serving().size();
    if (missing.size() >= 2 && missing.size() > serving * massLossFraction) {
      return new Plan(List.of(), missing.size() + " of " + serving
          + " instances lost their workers at once: suspecting the broker or the network, replacing none");
    }
    List<Instance> dead = missing.stream()
        .filter(i -> !in.now().isBefore(missingSince.getOrDefault(i.name(), in.now()).plus(deadAfter)))
        .toList();
    return new Plan(dead, "");
  }
}
