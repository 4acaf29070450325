package io.yogurt.models;

import java.util.List;
import java.util.Objects;

/**
 * The load on one service at one broker, at one look.
 *
 * <p>{@code arrivals} and {@code completions} are counts since the probe's previous look at this
 * service (counters, not rates): a rate needs the time between looks, which the loop knows.
 *
 * @param queued requests waiting for a worker
 * @param oldestQueuedSeconds age of the oldest waiting request, 0 when none waits
 * @param arrivals requests that arrived since the previous look
 * @param completions replies sent since the previous look
 * @param workers every worker registered for the service
 */
public record ServiceLoad(
    String service,
    int queued,
    double oldestQueuedSeconds,
    long arrivals,
    long completions,
    List<WorkerStatus> workers) {

  public ServiceLoad {
    Objects.requireNonNull(service, "service");
    workers = List.copyOf(workers);
  }

  public int workersBusy() {
    return (int) workers.stream().filter(WorkerStatus::busy).count();
  }

  public int workersIdle() {
    return workers.size() - workersBusy();
  }

  /** A service nobody has asked for and no worker serves. */
  public static ServiceLoad empty(String service) {
    return new ServiceLoad(service, 0, 0, 0, 0, List.of());
  }
}
