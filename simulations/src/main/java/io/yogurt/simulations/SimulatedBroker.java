package io.yogurt.simulations;

import io.yogurt.models.BrokerReading;
import io.yogurt.models.LoadProbe;
import io.yogurt.models.Observation;
import io.yogurt.models.ServiceLoad;
import io.yogurt.models.WorkerControl;
import io.yogurt.models.WorkerStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A broker for one service: a FIFO queue fed by arrivals, served by the workers that have booted
 * (each {@code capacity} requests per second, a service time of 1/capacity), with per-request wait
 * accounting. Requests that arrive together in one step form a cohort, so millions of requests cost
 * little. Service is fluid with one twist that keeps slow workers honest: an idle worker starts a
 * request at once, then is busy for a service time (like a c-server queue with a fixed service
 * time). Drained workers take no new requests and finish their in-flight one within one service
 * time.
 */
public final class SimulatedBroker implements LoadProbe, WorkerControl {

  /** Requests that arrived in one step, still waiting; {@code at} is in seconds from the epoch. */
  private static final class Cohort {
    final double at;
    long count;

    Cohort(double at, long count) {
      this.at = at;
      this.count = count;
    }
  }

  /** What one step did. */
  public record Step(long arrived, long served, long dropped, int serving, int queued) {}

  private final InstantSource clock;
  private final String endpoint;
  private final String service;
  private final SimulatedProvider provider;
  private final double capacity;
  private final int queueLimit;
  private final ArrayDeque<Cohort> queue = new ArrayDeque<>();

  /** Worker name -> when its drain began, and whether it had a request in flight then. */
  private final Map<String, Instant> drainedAt = new HashMap<>();

  private final Map<String, Boolean> drainedBusy = new HashMap<>();
  private long queued;

  /** Requests the workers can start right now: idle workers, plus fractions of a request. */
  private double credit;

  private int lastServing;
  private double utilization;
  private long arrivalsSinceLook;
  private long completionsSinceLook;
  private long arrivedTotal;
  private long servedTotal;
  private long droppedTotal;
  private boolean reachable = true;
  private int drains;
  private List<String> servingFrom;
  private int drainsSeen;
  private List<String> serving;

  public SimulatedBroker(
      InstantSource clock,
      String service,
      SimulatedProvider provider,
      double capacity,
      int queueLimit) {
    if (!(capacity > 0)) {
      throw new IllegalArgumentException("capacity per worker must be > 0, got " + capacity);
    }
    this.clock = clock;
    this.endpoint = "sim://" + service;
    this.service = service;
    this.provider = provider;
    this.capacity = capacity;
    this.queueLimit = queueLimit;
  }

  /**
   * Advances the queue over {@code [at, at+dt)}: the arrivals join it (spread over the step), the
   * serving workers take requests from its head, and each served request's wait goes to {@code
   * waits}.
   */
  public Step step(Instant at, Duration dt, long arrivals, WaitHistogram waits) {
    double t0 = at.toEpochMilli() / 1000.0;
    double seconds = dt.toMillis() / 1000.0;
    long accepted =
        queueLimit > 0 ? Math.max(0, Math.min(arrivals, queueLimit - queued)) : arrivals;
    long dropped = arrivals - accepted;
    if (accepted > 0) {
      queue.addLast(new Cohort(t0 + seconds / 2, accepted));
      queued += accepted;
    }
    arrivedTotal += arrivals;
    droppedTotal += dropped;
    arrivalsSinceLook += arrivals;

    int serving = servingWorkers(at).size();
    if (serving > lastServing) {
      credit += serving - lastServing; // a worker that just came up is idle: it can start at once
    }
    lastServing = serving;
    credit = Math.min(credit, serving);
    double full = serving * capacity * seconds;
    double budget = full + credit;
    long can = (long) Math.floor(budget + 1e-9);
    long served = 0;
    while (can > 0 && !queue.isEmpty()) {
      Cohort head = queue.peekFirst();
      long take = Math.min(head.count, can);
      // Idle workers (the credit) start at once; the rest start as capacity frees up in the step.
      double position = Math.max(0, served + take / 2.0 - credit);
      double start = t0 + seconds * Math.min(1.0, position / Math.max(full, 1e-9));
      waits.record(Math.max(0, start - head.at), take);
      head.count -= take;
      can -= take;
      served += take;
      if (head.count == 0) {
        queue.pollFirst();
      }
    }
    queued -= served;
    // Capacity left over banks as idle workers, at most one request each: an idle worker takes the
    // next request at once, but no worker serves faster than its rate for having idled.
    credit = Math.min(serving, Math.max(0, budget - served));
    utilization = full > 0 ? Math.min(1.0, served / full) : 0;
    servedTotal += served;
    completionsSinceLook += served;
    return new Step(arrivals, served, dropped, serving, (int) Math.min(Integer.MAX_VALUE, queued));
  }

  @Override
  public Observation observe(Instant now) {
    if (!reachable) {
      return new Observation(now, List.of(BrokerReading.unreachable(endpoint, "simulated outage")));
    }
    ServiceLoad load =
        new ServiceLoad(
            service,
            (int) Math.min(Integer.MAX_VALUE, queued),
            oldestWait(now),
            arrivalsSinceLook,
            completionsSinceLook,
            workers(now));
    arrivalsSinceLook = 0;
    completionsSinceLook = 0;
    return new Observation(now, List.of(BrokerReading.reachable(endpoint, List.of(load))));
  }

  @Override
  public boolean drain(String identity) {
    if (!provider.workersUp(clock.instant()).contains(identity)) {
      return false;
    }
    if (!drainedAt.containsKey(identity)) {
      drainedAt.put(identity, clock.instant());
      drains++;
      // A worker drained while the fleet was busy finishes the request it holds first.
      drainedBusy.put(identity, utilization > 0);
    }
    return true;
  }

  /**
   * Makes the broker stop answering (or answer again): the loop must degrade, not scale to zero.
   */
  public void reachable(boolean answers) {
    reachable = answers;
  }

  /** Workers drained so far. */
  public int drains() {
    return drains;
  }

  /**
   * Records the waits of requests still queued at {@code now}, as if served then (end of a run).
   */
  public void recordWaiting(Instant now, WaitHistogram waits) {
    double t = now.toEpochMilli() / 1000.0;
    for (Cohort c : queue) {
      waits.record(Math.max(0, t - c.at), c.count);
    }
  }

  public long queued() {
    return queued;
  }

  public long arrivedTotal() {
    return arrivedTotal;
  }

  public long servedTotal() {
    return servedTotal;
  }

  public long droppedTotal() {
    return droppedTotal;
  }

  public double capacityPerWorker() {
    return capacity;
  }

  /** Workers up and not draining: those the broker dispatches to. */
  public List<String> servingWorkers(Instant now) {
    List<String> up = provider.workersUp(now);
    if (drainedAt.isEmpty()) {
      return up;
    }
    if (up == servingFrom && drainsSeen == drains) {
      return serving; // nothing booted, died or drained since the last step
    }
    List<String> out = new ArrayList<>(up.size());
    for (String w : up) {
      if (!drainedAt.containsKey(w)) {
        out.add(w);
      }
    }
    servingFrom = up;
    drainsSeen = drains;
    serving = out;
    return out;
  }

  /** Age in seconds of the oldest waiting request at {@code now}; 0 when none waits. */
  public double oldestWaitSeconds(Instant now) {
    return oldestWait(now);
  }

  private double oldestWait(Instant now) {
    Cohort head = queue.peekFirst();
    return head == null ? 0 : Math.max(0, now.toEpochMilli() / 1000.0 - head.at);
  }

  private List<WorkerStatus> workers(Instant now) {
    List<String> up = provider.workersUp(now);
    drainedAt.keySet().retainAll(up);
    drainedBusy.keySet().retainAll(up);
    int servingCount = up.size() - drainedAt.size();
    int busy = (int) Math.ceil(utilization * servingCount - 1e-9);
    Duration serviceTime = Duration.ofMillis((long) Math.ceil(1000.0 / capacity));
    List<WorkerStatus> out = new ArrayList<>(up.size());
    for (String w : up) {
      Instant drained = drainedAt.get(w);
      if (drained != null) {
        boolean inFlight = drainedBusy.get(w) && now.isBefore(drained.plus(serviceTime));
        out.add(
            new WorkerStatus(
                w, service, WorkerStatus.State.DRAINING, Duration.ofSeconds(1), inFlight ? 1 : 0));
      } else if (busy > 0) {
        busy--;
        out.add(new WorkerStatus(w, service, WorkerStatus.State.BUSY, Duration.ofSeconds(1), 1));
      } else {
        out.add(new WorkerStatus(w, service, WorkerStatus.State.IDLE, Duration.ofSeconds(1), 0));
      }
    }
    return out;
  }
}
