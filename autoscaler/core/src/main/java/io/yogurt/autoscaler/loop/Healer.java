package io.yogurt.autoscaler.loop;

import io.yogurt.autoscaler.policy.InstanceHealth;
import io.yogurt.models.Instance;
import io.yogurt.models.PolicyInput;
import io.yogurt.models.Reason;
import io.yogurt.models.ReasonCode;
import java.time.Instant;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds instances to replace: past their boot grace with no live worker for longer than {@code
 * dead-after}, or whose worker was lost {@code crash-loop-losses} times within {@code
 * crash-loop-window} (a process supervisor keeps restarting it). When most of a pool's workers
 * vanish at once, the broker or the network is the likely cause, not the workers: it replaces none
 * and says so. An instance whose process supervisor gave up on its worker (supervisord's FATAL) is
 * crash-looping by the supervisor's word, and its loss is explained, so it is replaced at once and
 * never counts toward a mass loss. At most {@code max-replacements-per-tick} are replaced in one
 * tick.
 */
final class Healer {

  /** What healing wants this tick: the instances to replace, each with its reason, and events. */
  record Plan(Map<Instance, Reason> replace, List<Reason> events) {}

  private final InstanceHealth health;
  private final LoopSettings settings;

  Healer(InstanceHealth health, LoopSettings settings) {
    this.health = health;
    this.settings = settings;
  }

  /**
   * @param missingSince when each instance was first seen without a worker (kept by the loop)
   * @param losses when each instance's worker was lost after being live (kept by the loop)
   */
  Plan plan(PolicyInput in, Map<String, Instant> missingSince, Map<String, Deque<Instant>> losses) {
    // Losses a supervisor explains (it saw the workers fail) do not point at the network.
    List<Instance> missing =
        health.withoutWorker(in).stream().filter(i -> !i.process().failed()).toList();
    int serving = in.view().serving().size();
    if (missing.size() >= 2 && missing.size() > serving * settings.massLossFraction()) {
      return new Plan(
          Map.of(),
          List.of(
              new Reason(
                  ReasonCode.MASS_LOSS,
                  missing.size()
                      + " of "
                      + serving
                      + " instances lost their workers at once: suspecting the broker or the"
                      + " network, replacing none")));
    }
    Instant since = in.now().minus(settings.crashLoopWindow());
    Map<Instance, Reason> dead = new LinkedHashMap<>();
    for (Instance i : in.view().instances()) {
      if (i.process().unreachable()) {
        continue; // unknown, not dead: its supervisor will tell once it answers again
      }
      Instant gone = missingSince.get(i.name());
      if (i.process().failed() && !in.view().drainingSince().containsKey(i.name())) {
        dead.put(
            i,
            new Reason(
                ReasonCode.CRASH_LOOP,
                "its process supervisor gave up on the worker: " + i.process().detail()));
      } else if (deadFor(gone, in.now())) {
        dead.put(i, new Reason(ReasonCode.REPLACE_DEAD, "no live worker since " + gone));
      } else if (crashLooping(losses.get(i.name()), since)) {
        dead.put(
            i,
            new Reason(
                ReasonCode.CRASH_LOOP,
                "worker lost "
                    + losses.get(i.name()).size()
                    + " times within "
                    + settings.crashLoopWindow().toSeconds()
                    + "s"));
      }
    }
    int limit = settings.maxReplacementsPerTick();
    if (dead.size() <= limit) {
      return new Plan(dead, List.of());
    }
    Map<Instance, Reason> now = new LinkedHashMap<>();
    dead.entrySet().stream().limit(limit).forEach(e -> now.put(e.getKey(), e.getValue()));
    return new Plan(
        now,
        List.of(
            new Reason(
                ReasonCode.HEAL_LIMITED,
                dead.size()
                    + " instances to replace, "
                    + limit
                    + " this tick (loop.max-replacements-per-tick)")));
  }

  private boolean deadFor(Instant missingSince, Instant now) {
    return missingSince != null && !now.isBefore(missingSince.plus(settings.deadAfter()));
  }

  /** A worker that keeps coming back and dying (restarted by supervisord) is as good as dead. */
  private boolean crashLooping(Deque<Instant> lost, Instant since) {
    return lost != null
        && lost.stream().filter(t -> t.isAfter(since)).count() >= settings.crashLoopLosses();
  }
}
