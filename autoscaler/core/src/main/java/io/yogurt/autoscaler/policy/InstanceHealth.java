package io.yogurt.autoscaler.policy;

import io.yogurt.models.Instance;
import io.yogurt.models.PolicyInput;
import io.yogurt.models.WorkerStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Joins the provider's instances with the brokers' workers by name (a worker's identity is its
 * instance's name) and tells which instances serve, which are still booting, and which have no
 * worker although they should. A process supervisor's word counts too: an instance whose supervisor
 * gave up on the worker is not booting, and one whose supervisor does not answer is judged neither
 * way.
 */
public final class InstanceHealth {

  /** The broker's worker on an instance, if the broker knows one. */
  public Optional<WorkerStatus> worker(PolicyInput in, Instance instance) {
    return Optional.ofNullable(workersByName(in).get(instance.name()));
  }

  /** Serving instances with no live worker that are still within their boot grace. */
  public List<Instance> booting(PolicyInput in) {
    Map<String, WorkerStatus> workers = workersByName(in);
    Instant graceStart = in.now().minus(in.pool().bootGrace());
    return in.view().serving().stream()
        .filter(i -> !workers.containsKey(i.name()))
        .filter(i -> i.createdAt().isAfter(graceStart))
        .filter(i -> !i.process().failed() && !i.process().unreachable())
        .toList();
  }

  /**
   * Serving instances with no live worker, past their boot grace or given up by their process
   * supervisor; none when blind, and never one whose supervisor does not answer.
   */
  public List<Instance> withoutWorker(PolicyInput in) {
    if (in.load().isEmpty()) {
      return List.of();
    }
    Map<String, WorkerStatus> workers = workersByName(in);
    Instant graceStart = in.now().minus(in.pool().bootGrace());
    return in.view().serving().stream()
        .filter(i -> !workers.containsKey(i.name()))
        .filter(i -> !i.createdAt().isAfter(graceStart) || i.process().failed())
        .filter(i -> !i.process().unreachable())
        .toList();
  }

  /** Serving instances whose process supervisor does not answer: left alone until it does. */
  public List<Instance> unreachable(PolicyInput in) {
    return in.view().serving().stream().filter(i -> i.process().unreachable()).toList();
  }

  private static Map<String, WorkerStatus> workersByName(PolicyInput in) {
    return in.load()
        .map(
            l ->
                l.workers().stream()
                    .collect(
                        Collectors.toMap(WorkerStatus::identity, Function.identity(), (a, b) -> a)))
        .orElse(Map.of());
  }
}
