package io.yogurt.autoscaler.loop;

import io.yogurt.models.Decision;
import io.yogurt.models.PolicyMemory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the loop carries from one tick to the next for one pool. */
final class PoolRuntime {

  PolicyMemory memory = PolicyMemory.EMPTY;

  /** Instance name -> when its drain began. */
  final Map<String, Instant> drainingSince = new HashMap<>();

  /** Instance name -> when it was first seen without a live worker (past its boot grace). */
  final Map<String, Instant> missingSince = new HashMap<>();

  /**
   * Instance name -> when its worker was lost after having been live (a crash-looping worker
   * flaps).
   */
  final Map<String, Deque<Instant>> losses = new HashMap<>();

  /** Instance name -> its worker's registrations at the broker at the last look. */
  final Map<String, Integer> registrations = new HashMap<>();

  /** Instance name -> the supervisor's restart count last seen (each increase is a loss). */
  final Map<String, Integer> restartsSeen = new HashMap<>();

  /** Instances whose first heartbeat has been seen (for learning the lead time). */
  final Set<String> seenLive = new HashSet<>();

  /** Instances first seen without a worker: their first heartbeat is a lead time to learn. */
  final Set<String> seenBooting = new HashSet<>();

  /**
   * Instances launched while the loop watched, by when their worker first went live: one that
   * serves for dead-after without a loss is a success for the launch budget.
   */
  final Map<String, Instant> onProbation = new HashMap<>();

  final LeadTimeEstimator leadTime;

  LaunchBudget.State budget = LaunchBudget.State.NONE;

  /** Since when every broker has answered on every tick; null while one does not. */
  Instant completeSince;

  Decision lastDecision;

  PoolRuntime(LeadTimeEstimator leadTime) {
    this.leadTime = leadTime;
  }

  /** This runtime as a value to store. */
  PoolMemory snapshot(Instant now) {
    Map<String, List<Instant>> lost = new HashMap<>();
    losses.forEach((k, v) -> lost.put(k, List.copyOf(v)));
    return new PoolMemory(
        now,
        memory,
        drainingSince,
        missingSince,
        lost,
        registrations,
        seenLive,
        seenBooting,
        leadTime.samplesMillis(),
        budget,
        completeSince);
  }

  /**
   * Takes over a stored memory. Timers of missing workers carry over only from a memory saved
   * within {@code fresh} (a takeover, a quick restart): after a longer gap nobody watched the
   * workers, and their timers start again.
   */
  void restore(PoolMemory m, Instant now, Duration fresh) {
    memory = m.policy();
    drainingSince.clear();
    drainingSince.putAll(m.drainingSince());
    missingSince.clear();
    losses.clear();
    m.losses().forEach((k, v) -> losses.put(k, new ArrayDeque<>(v)));
    boolean recent = !m.savedAt().plus(fresh).isBefore(now);
    if (recent) {
      missingSince.putAll(m.missingSince());
    }
    completeSince = recent ? m.completeSince() : null;
    registrations.clear();
    registrations.putAll(m.registrations());
    seenLive.clear();
    seenLive.addAll(m.seenLive());
    seenBooting.clear();
    seenBooting.addAll(m.seenBooting());
    leadTime.restore(m.leadTimesMillis());
    budget = m.budget();
  }
}
