package io.yogurt.autoscaler.loop;

import io.yogurt.models.Instance;
import io.yogurt.models.PolicyInput;
import io.yogurt.models.Reason;
import io.yogurt.models.ReasonCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds instances to replace: past their boot grace with no live worker for longer than {@code
 * dead-after}, or whose worker was lost {@code crash-loop-losses} times within {@code
 * crash-loop-window} (a process supervisor keeps restarting it). An instance whose process
 * supervisor gave up on its worker (supervisord's FATAL) is crash-looping by the supervisor's word,
 * and its loss is explained, so it is replaced at once and never counts toward a mass loss; one
 * whose supervisor does not answer is unknown, not dead. At most {@code max-replacements-per-tick}
 * are replaced in one tick.
 *
 * <p>When most of a pool's workers vanish within {@code mass-loss-window} of each other, the broker
 * or the network is the likely cause, not the workers: none of them is replaced until every broker
 * has answered for {@code dead-after} since the loss (or since it last failed to answer) with those
 * workers still gone; then they are gone for real and are replaced. A broker restart brings them
 * back within their reconnect back-off, well before. While some broker does not answer, nothing is
 * replaced: the missing workers may be connected to it.
 */
final class Healer {

  /** What healing wants this tick: the instances to replace, each with its reason, and events. */
  record Plan(Map<Instance, Reason> replace, List<Reason> events) {}

  private final LoopSettings settings;

  Healer(LoopSettings settings) {
    this.settings = settings;
  }

  /**
   * @param missing serving instances without the live worker they should have
   * @param missingSince when each instance was first seen without a worker (kept by the loop)
   * @param losses when each instance's worker was lost after being live (kept by the loop)
   * @param completeSince since when every broker has answered on every tick; null if not now
   */
  Plan plan(
      PolicyInput in,
      List<Instance> missing,
      Map<String, Instant> missingSince,
      Map<String, Deque<Instant>> losses,
      Instant completeSince) {
    if (in.partial()) {
      return new Plan(Map.of(), List.of()); // the loop says which broker is blind, once
    }
    List<Reason> events = new ArrayList<>();
    // Losses a supervisor explains (it saw the workers fail) do not point at the network.
    List<Instance> unexplained = missing.stream().filter(i -> !i.process().failed()).toList();
    Set<String> held = massLossHeld(in, unexplained, missingSince, completeSince, events);
    Instant since = in.now().minus(settings.crashLoopWindow());
    Map<Instance, Reason> dead = new LinkedHashMap<>();
    for (Instance i : in.view().instances()) {
      if (held.contains(i.name()) || i.process().unreachable()) {
        continue; // held by a mass loss; or unknown, not dead: its supervisor will tell
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
      return new Plan(dead, events);
    }
    Map<Instance, Reason> now = new LinkedHashMap<>();
    dead.entrySet().stream().limit(limit).forEach(e -> now.put(e.getKey(), e.getValue()));
    events.add(
        new Reason(
            ReasonCode.HEAL_LIMITED,
            dead.size()
                + " instances to replace, "
                + limit
                + " this tick (loop.max-replacements-per-tick)"));
    return new Plan(now, events);
  }

  /**
   * The instances lost in one moment, when they are most of the pool and the brokers have not yet
   * answered without them for {@code dead-after}; empty otherwise.
   */
  private Set<String> massLossHeld(
      PolicyInput in,
      List<Instance> missing,
      Map<String, Instant> missingSince,
      Instant completeSince,
      List<Reason> events) {
    List<Instance> known =
        missing.stream()
            .filter(i -> missingSince.containsKey(i.name()))
            .sorted(Comparator.comparing(i -> missingSince.get(i.name())))
            .toList();
    if (known.size() < 2) {
      return Set.of();
    }
    Instant latest = missingSince.get(known.get(known.size() - 1).name());
    Instant windowStart = latest.minus(settings.massLossWindow());
    List<Instance> moment =
        known.stream().filter(i -> !missingSince.get(i.name()).isBefore(windowStart)).toList();
    int serving = in.view().serving().size();
    if (moment.size() < 2 || moment.size() <= serving * settings.massLossFraction()) {
      return Set.of();
    }
    Instant lostAt = missingSince.get(moment.get(0).name());
    Instant answering =
        completeSince == null || completeSince.isBefore(lostAt) ? lostAt : completeSince;
    Instant confirmAt = answering.plus(settings.deadAfter());
    if (completeSince != null && !in.now().isBefore(confirmAt)) {
      return Set.of(); // the brokers kept answering without them: they are gone, replace them
    }
    events.add(
        new Reason(
            ReasonCode.MASS_LOSS,
            moment.size()
                + " of "
                + serving
                + " instances lost their workers at "
                + lostAt
                + ": suspecting the broker or the network, replacing none unless every broker"
                + " answers without them until "
                + confirmAt));
    return moment.stream().map(Instance::name).collect(Collectors.toSet());
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
