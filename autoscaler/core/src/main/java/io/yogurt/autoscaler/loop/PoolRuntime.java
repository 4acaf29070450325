package io.yogurt.autoscaler.loop;

import io.yogurt.models.Decision;
import io.yogurt.models.PolicyMemory;
import java.time.Instant;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
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

  /** Instance name -> the supervisor's restart count last seen (each increase is a loss). */
  final Map<String, Integer> restartsSeen = new HashMap<>();

  /** Instances whose first heartbeat has been seen (for learning the lead time). */
  final Set<String> seenLive = new HashSet<>();

  Decision lastDecision;
}
