package io.yogurt.autoscaler.loop;

import io.yogurt.models.PolicyMemory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the loop remembers of one pool between ticks, as a value a {@link LoopMemoryStore} keeps: in
 * the state directory (it outlives a restart) or in PostgreSQL (the instance that ticks next, under
 * HA, carries on where the last one stopped).
 *
 * @param savedAt when it was written
 * @param policy the policy's recommendations (stabilization window) and last scalings
 * @param drainingSince instance name -> when its drain began
 * @param missingSince instance name -> since when it has been without a live worker (past its boot
 *     grace)
 * @param losses instance name -> when its worker was lost after having been live
 * @param seenLive instances whose worker has been seen
 * @param seenBooting instances first seen without a worker: their first heartbeat gives a lead time
 * @param leadTimesMillis the pool's recent launch-to-first-heartbeat times
 * @param budget the pool's failed instances and launch suspension
 * @param completeSince since when every broker has answered on every tick; null while one does not
 */
public record PoolMemory(
    Instant savedAt,
    PolicyMemory policy,
    Map<String, Instant> drainingSince,
    Map<String, Instant> missingSince,
    Map<String, List<Instant>> losses,
    Map<String, Integer> registrations,
    Set<String> seenLive,
    Set<String> seenBooting,
    List<Long> leadTimesMillis,
    LaunchBudget.State budget,
    Instant completeSince) {

  public PoolMemory {
    Objects.requireNonNull(savedAt, "savedAt");
    policy = policy == null ? PolicyMemory.EMPTY : policy;
    drainingSince = Map.copyOf(drainingSince == null ? Map.of() : drainingSince);
    missingSince = Map.copyOf(missingSince == null ? Map.of() : missingSince);
    losses = Map.copyOf(losses == null ? Map.of() : losses);
    registrations = Map.copyOf(registrations == null ? Map.of() : registrations);
    seenLive = Set.copyOf(seenLive == null ? Set.of() : seenLive);
    seenBooting = Set.copyOf(seenBooting == null ? Set.of() : seenBooting);
    leadTimesMillis = List.copyOf(leadTimesMillis == null ? List.of() : leadTimesMillis);
    budget = budget == null ? LaunchBudget.State.NONE : budget;
  }
}
