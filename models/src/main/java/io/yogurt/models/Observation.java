package io.yogurt.models;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One look at every watched broker at one instant. */
public record Observation(Instant at, List<BrokerReading> brokers) {

  public Observation {
    Objects.requireNonNull(at, "at");
    brokers = List.copyOf(brokers);
  }

  /** True when at least one broker did not answer: what we see may be partial. */
  public boolean partial() {
    return brokers.stream().anyMatch(b -> !b.reachable());
  }

  /** The endpoints of the brokers that did not answer: what they hold is a blind spot. */
  public List<String> blindBrokers() {
    return brokers.stream().filter(b -> !b.reachable()).map(BrokerReading::endpoint).toList();
  }

  /** True when no broker answered at all. */
  public boolean blind() {
    return brokers.stream().noneMatch(BrokerReading::reachable);
  }

  /**
   * The load on a service summed over every broker that answered; empty when none answered, or when
   * a source known to carry it did not answer (we do not know, which is not the same as "no load").
   */
  public Optional<ServiceLoad> service(String name) {
    if (blind() || brokers.stream().anyMatch(b -> !b.reachable() && b.covers().contains(name))) {
      return Optional.empty();
    }
    int queued = 0;
    double oldest = 0;
    long arrivals = 0;
    long completions = 0;
    List<WorkerStatus> workers = new ArrayList<>();
    for (BrokerReading broker : brokers) {
      Optional<ServiceLoad> load = broker.service(name);
      if (load.isPresent()) {
        ServiceLoad l = load.get();
        queued += l.queued();
        oldest = Math.max(oldest, l.oldestQueuedSeconds());
        arrivals += l.arrivals();
        completions += l.completions();
        workers.addAll(l.workers());
      }
    }
    return Optional.of(new ServiceLoad(name, queued, oldest, arrivals, completions, workers));
  }
}
