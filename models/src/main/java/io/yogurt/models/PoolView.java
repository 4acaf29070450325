package io.yogurt.models;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the loop knows of one pool at a tick: the provider's instances, the launches not yet visible
 * as instances, and the instances being drained (with when the drain began).
 */
public record PoolView(
    List<Instance> instances, int launchesInFlight, Map<String, Instant> drainingSince) {

  public PoolView {
    instances = List.copyOf(instances);
    drainingSince = Map.copyOf(drainingSince);
    Objects.checkIndex(0, launchesInFlight + 1);
  }

  /** Instances that count as capacity: everything not being drained, plus launches in flight. */
  public int capacity() {
    return serving().size() + launchesInFlight;
  }

  /** Instances not being drained. */
  public List<Instance> serving() {
    return instances.stream().filter(i -> !drainingSince.containsKey(i.name())).toList();
  }
}
