package io.yogurt.broker;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;

/** One service at the broker: its queue, its workers and its counters (monotonic). */
final class ServiceState {
  final String name;
  final Deque<PendingRequest> queue = new ArrayDeque<>();

  /** Idle workers, longest idle first (fair dispatch). */
  final Deque<WorkerEntry> idle = new ArrayDeque<>();

  final Set<WorkerEntry> workers = new LinkedHashSet<>();
  long arrived;
  long dispatched;
  long replied;
  long expired;
  long requeued;
  long failed;

  /** Sent to a peer broker (peering). */
  long forwarded;

  /**
   * Received from a peer broker; not counted in {@link #arrived}, so a pool's sum counts each once.
   */
  long fromPeers;

  /** Forwarded and taken back (the peer went silent, restarted or refused). */
  long returned;

  ServiceState(String name) {
    this.name = name;
  }

  double oldestQueuedSeconds(Instant now) {
    PendingRequest oldest = null;
    for (PendingRequest r : queue) {
      if (oldest == null || r.arrived.isBefore(oldest.arrived)) {
        oldest = r;
      }
    }
    return oldest == null
        ? 0
        : Math.max(0, (now.toEpochMilli() - oldest.arrived.toEpochMilli()) / 1000.0);
  }

  int busy() {
    int n = 0;
    for (WorkerEntry w : workers) {
      if (w.inFlight != null) {
        n++;
      }
    }
    return n;
  }

  /** Worth listing: somebody serves it or somebody asked for it. */
  boolean active() {
    return !workers.isEmpty() || !queue.isEmpty();
  }
}
