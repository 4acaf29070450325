package io.yogurt.autoscaler.loop;

import io.yogurt.autoscaler.policy.InstanceHealth;
import io.yogurt.models.Action;
import io.yogurt.models.ActionResult;
import io.yogurt.models.BrokerReading;
import io.yogurt.models.Decision;
import io.yogurt.models.Forecast;
import io.yogurt.models.ForecastSource;
import io.yogurt.models.History;
import io.yogurt.models.HistoryException;
import io.yogurt.models.Instance;
import io.yogurt.models.LoadProbe;
import io.yogurt.models.Metrics;
import io.yogurt.models.Observation;
import io.yogurt.models.OverrideSource;
import io.yogurt.models.Policy;
import io.yogurt.models.PolicyInput;
import io.yogurt.models.PolicyMemory;
import io.yogurt.models.PoolMode;
import io.yogurt.models.PoolView;
import io.yogurt.models.Provider;
import io.yogurt.models.ProviderException;
import io.yogurt.models.Reason;
import io.yogurt.models.ReasonCode;
import io.yogurt.models.ReportsHealth;
import io.yogurt.models.Sample;
import io.yogurt.models.ServiceLoad;
import io.yogurt.models.TickListener;
import io.yogurt.models.TickReport;
import io.yogurt.models.TickReport.InstanceState;
import io.yogurt.models.TickReport.PoolTick;
import io.yogurt.models.TickReport.SourceStatus;
import io.yogurt.models.WorkerControl;
import io.yogurt.models.WorkerProcess;
import io.yogurt.models.WorkerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * One tick: observe (brokers, provider) -> record (history) -> forecast -> decide (policy) -> heal
 * -> act -> report. Time comes in as an argument; the same loop runs in production and in
 * simulations. A failing source degrades the tick (hold, reactive only) and is reported; it never
 * ends it.
 */
public final class ControlLoop {

  private final LoopSettings settings;
  private final Map<String, PoolSettings> pools = new LinkedHashMap<>();
  private final Map<String, Policy> policies;
  private final LoadProbe probe;
  private final WorkerControl control;
  private final Provider provider;
  private final History history;
  private final ForecastSource forecasts;
  private final OverrideSource overrides;
  private final List<TickListener> listeners;
  private final LoopMemoryStore memoryStore;
  private final InstanceHealth health = new InstanceHealth();
  private final Healer healer;
  private final LaunchBudget budget;
  private final ActionExecutor executor;
  private final Map<String, PoolRuntime> runtimes = new LinkedHashMap<>();
  private final Map<String, PoolMode> configuredModes = new HashMap<>();
  private Instant lastLook;

  /** The last failure to read or write the loop's memory this tick; empty when none. */
  private String memoryError = "";

  public ControlLoop(
      LoopSettings settings,
      List<PoolSettings> pools,
      Map<String, Policy> policies,
      LoadProbe probe,
      WorkerControl control,
      Provider provider,
      History history,
      ForecastSource forecasts,
      OverrideSource overrides,
      List<TickListener> listeners) {
    this(
        settings,
        pools,
        policies,
        probe,
        control,
        provider,
        history,
        forecasts,
        overrides,
        listeners,
        LoopMemoryStore.NONE);
  }

  /**
   * @param memoryStore where each pool's memory is kept between ticks (and processes)
   */
  public ControlLoop(
      LoopSettings settings,
      List<PoolSettings> pools,
      Map<String, Policy> policies,
      LoadProbe probe,
      WorkerControl control,
      Provider provider,
      History history,
      ForecastSource forecasts,
      OverrideSource overrides,
      List<TickListener> listeners,
      LoopMemoryStore memoryStore) {
    this.settings = settings;
    this.memoryStore = memoryStore;
    for (PoolSettings p : pools) {
      this.pools.put(p.spec().name(), p);
      this.runtimes.put(
          p.spec().name(),
          new PoolRuntime(new LeadTimeEstimator(settings.leadTime(), settings.tick())));
      this.configuredModes.put(p.spec().name(), p.mode());
    }
    this.policies = Map.copyOf(policies);
    this.probe = probe;
    this.control = control;
    this.provider = provider;
    this.history = history;
    this.forecasts = forecasts;
    this.overrides = overrides;
    this.listeners = List.copyOf(listeners);
    this.healer = new Healer(settings);
    this.budget = new LaunchBudget(settings);
    this.executor = new ActionExecutor(provider, control);
  }

  /**
   * Reads each pool's memory from a store of this process's alone (a restart carries on); a shared
   * store is read before every tick instead.
   *
   * @return the pools whose memory could not be read, with why; empty when all could
   */
  public synchronized List<String> restoreMemory(Instant now) {
    List<String> failed = new ArrayList<>();
    for (Map.Entry<String, PoolRuntime> e : runtimes.entrySet()) {
      try {
        memoryStore.load(e.getKey()).ifPresent(m -> e.getValue().restore(m, now, freshness()));
      } catch (LoopMemoryStore.LoopMemoryException | RuntimeException ex) {
        failed.add(e.getKey() + ": " + ex.getMessage());
      }
    }
    return failed;
  }

  /** How old a stored memory may be for its missing-worker timers to carry over. */
  private Duration freshness() {
    return settings.deadAfter().plus(settings.tick().multipliedBy(3));
  }

  /** The pool's mode: the one a person switched it to, else the configured one. */
  public PoolMode mode(String pool) {
    return modeOf(pool, overrides);
  }

  private PoolMode modeOf(String pool, OverrideSource people) {
    return people.mode(pool).orElse(configuredModes.get(pool));
  }

  /** The longest of the pools' lead times. */
  public Duration leadTime() {
    return runtimes.values().stream()
        .map(r -> r.leadTime.current())
        .max(Duration::compareTo)
        .orElse(settings.leadTime());
  }

  /** The pool's lead time: learned from its launches, else the configured default. */
  public Duration leadTime(String pool) {
    PoolRuntime rt = runtimes.get(pool);
    return rt == null ? settings.leadTime() : rt.leadTime.current();
  }

  public synchronized TickReport tick(Instant now) {
    long started = System.nanoTime();
    Observation observation = observe(now);
    Duration sinceLastLook =
        lastLook == null || !now.isAfter(lastLook)
            ? settings.tick()
            : Duration.between(lastLook, now);
    lastLook = now;

    List<SourceStatus> sources = new ArrayList<>();
    for (BrokerReading b : observation.brokers()) {
      sources.add(
          new SourceStatus(
              "broker " + b.endpoint(),
              b.reachable(),
              b.reachable()
                  ? b.services().size()
                      + " services"
                      + (b.error().isEmpty() ? "" : "; " + b.error())
                  : ReasonCode.SOURCE_UNAVAILABLE + ": " + b.error()));
    }
    sources.add(record(observation, now));
    sources.add(new SourceStatus("forecast", forecasts.healthy(), forecasts.status()));

    OverrideSource people = overrides.snapshot(now);
    List<PoolTick> poolTicks = new ArrayList<>();
    boolean providerOk = true;
    memoryError = "";
    for (PoolSettings pool : pools.values()) {
      PoolTick t = tickPool(pool, observation, people, sinceLastLook, now);
      providerOk &= !t.providerFailed();
      poolTicks.add(t);
    }
    sources.add(new SourceStatus("lead-time", true, leadTimes()));
    sources.add(
        new SourceStatus("provider", providerOk, providerOk ? "ok" : "failing: see pool errors"));
    if (memoryStore != LoopMemoryStore.NONE) {
      sources.add(
          new SourceStatus(
              "loop-memory",
              memoryError.isEmpty(),
              memoryError.isEmpty()
                  ? memoryStore.shared() ? "shared" : "kept"
                  : ReasonCode.SOURCE_UNAVAILABLE + ": " + memoryError));
    }
    TickReport report =
        new TickReport(now, Duration.ofNanos(System.nanoTime() - started), poolTicks, sources);
    for (TickListener l : listeners) {
      try {
        l.onTick(report);
      } catch (RuntimeException e) {
        // One bad listener (a full disk, a down index) must not stop the loop.
        LoggerFactory.getLogger(ControlLoop.class).warn("tick listener failed: {}", e.toString());
      }
    }
    return report;
  }

  private String leadTimes() {
    return runtimes.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue().leadTime)
        .collect(Collectors.joining("; "));
  }

  private Observation observe(Instant now) {
    try {
      return probe.observe(now);
    } catch (RuntimeException e) {
      return new Observation(now, List.of(BrokerReading.unreachable("probe", e.toString())));
    }
  }

  private SourceStatus record(Observation observation, Instant now) {
    List<Sample> samples = new ArrayList<>();
    Set<String> services =
        pools.values().stream().map(p -> p.spec().service()).collect(Collectors.toSet());
    for (String service : services) {
      observation
          .service(service)
          .ifPresent(
              l -> {
                samples.add(new Sample(service, Metrics.ARRIVALS, now, l.arrivals()));
                samples.add(new Sample(service, Metrics.COMPLETIONS, now, l.completions()));
                samples.add(new Sample(service, Metrics.QUEUED, now, l.queued()));
                samples.add(new Sample(service, Metrics.WORKERS, now, l.workers().size()));
                samples.add(new Sample(service, Metrics.WORKERS_BUSY, now, l.workersBusy()));
              });
    }
    try {
      if (!samples.isEmpty()) {
        history.append(samples);
      }
      return history instanceof ReportsHealth h
          ? h.health()
          : new SourceStatus("history", true, "ok");
    } catch (HistoryException | RuntimeException e) {
      return new SourceStatus(
          "history", false, ReasonCode.STORAGE_FAILING + ": failing: " + e.getMessage());
    }
  }

  private PoolTick tickPool(
      PoolSettings pool,
      Observation observation,
      OverrideSource people,
      Duration sinceLastLook,
      Instant now) {
    String name = pool.spec().name();
    PoolRuntime rt = runtimes.get(name);
    if (memoryStore.shared()) {
      loadShared(name, rt, now);
    }
    Optional<ServiceLoad> load = observation.service(pool.spec().service());
    List<String> blind = load.isPresent() ? observation.blindBrokers() : List.of();
    List<Instance> instances;
    try {
      // One being destroyed is gone already: never capacity, never a worker to replace again.
      instances =
          provider.list(name).stream().filter(i -> i.status() != Instance.Status.STOPPING).toList();
    } catch (ProviderException | RuntimeException e) {
      // Without the provider's list we do not know the pool: hold, and say so.
      return new PoolTick(
          name,
          pool.spec().service(),
          load.map(ServiceLoad::queued).orElse(0),
          0,
          Double.NaN,
          load.map(l -> l.workers().size()).orElse(0),
          load.map(ServiceLoad::workersBusy).orElse(0),
          0,
          rt.lastDecision,
          List.of(),
          List.of(
              new Reason(
                  ReasonCode.PROVIDER_UNAVAILABLE, "cannot list instances: " + e.getMessage())),
          List.of());
    }
    forgetGone(rt, instances);
    adoptDrains(rt, instances, load, now);
    boolean complete = load.isPresent() && blind.isEmpty();
    rt.completeSince = complete ? (rt.completeSince == null ? now : rt.completeSince) : null;
    learnLeadTimes(rt, instances, load, complete, now);

    PoolView view = new PoolView(instances, 0, rt.drainingSince);
    if (rt.memory == PolicyMemory.EMPTY) {
      // Nothing recommended yet (a start, a restart, taking over from another instance): count the
      // pool's present size as recommended now, so it scales in only after a whole stabilization
      // window, never on a first look.
      rt.memory =
          PolicyMemory.EMPTY.remember(now, view.capacity(), pool.spec().scaleInStabilization());
    }
    PoolMode mode = modeOf(name, people);
    PolicyInput input =
        new PolicyInput(
            pool.spec(),
            view,
            load,
            sinceLastLook,
            safeForecast(pool, mode == PoolMode.FORECAST_ONLY),
            rt.leadTime.current(),
            settings.tick(),
            people.active(name, now),
            rt.memory,
            now,
            blind);
    trackMissing(rt, input);
    Decision decision = policies.get(name).decide(input);
    List<Reason> events = new ArrayList<>();
    if (input.partial()) {
      events.add(partialView(input));
    }
    if (mode == PoolMode.FORECAST_ONLY) {
      // Computes and reports; decides nothing: the policy's memory and the pool stay as they are.
      decision = forecastOnly(decision, input);
      rt.lastDecision = decision;
      save(name, rt, now);
      return poolTick(pool, input, decision, List.of(), events, rt);
    }
    rt.memory = decision.memory();

    judgeProbation(rt, now);
    LaunchBudget.Step look = budget.look(rt.budget, now, people.resumedAt(name));
    rt.budget = look.state();
    look.event().ifPresent(events::add);
    List<Action> actions = new ArrayList<>(decision.actions());
    if (decision.reasons().stream().noneMatch(r -> r.code() == ReasonCode.PAUSED)) {
      heal(input, rt, actions, events, mode == PoolMode.LIVE);
      finishDrains(input, rt, actions);
    }
    if (rt.budget.suspended()) {
      holdLaunches(actions);
      events.add(budget.holding(rt.budget, name));
    }
    List<ActionResult> results;
    if (mode == PoolMode.LIVE) {
      results = act(name, actions, rt, now);
    } else {
      results = actions.stream().map(a -> ActionResult.notActed(a, mode.text())).toList();
      decision = withNote(decision, ReasonCode.DRY_RUN, mode.text() + ": nothing done");
    }
    rt.lastDecision = decision;
    save(name, rt, now);
    return poolTick(pool, input, decision, results, events, rt);
  }

  private PoolTick poolTick(
      PoolSettings pool,
      PolicyInput input,
      Decision decision,
      List<ActionResult> results,
      List<Reason> events,
      PoolRuntime rt) {
    Optional<ServiceLoad> load = input.load();
    return new PoolTick(
        pool.spec().name(),
        pool.spec().service(),
        load.map(ServiceLoad::queued).orElse(0),
        input.arrivalRate(),
        input.forecast().map(f -> f.pointPerSecondAt(input.now())).orElse(Double.NaN),
        load.map(l -> l.workers().size()).orElse(0),
        load.map(ServiceLoad::workersBusy).orElse(0),
        input.view().instances().size(),
        decision,
        results,
        events,
        instanceStates(input, rt));
  }

  /**
   * Acts. Drains are remembered before they are asked for (and the memory saved), so that whoever
   * ticks next, here or on another instance, finishes them rather than replacing the drained.
   */
  private List<ActionResult> act(String pool, List<Action> actions, PoolRuntime rt, Instant now) {
    List<String> intended = new ArrayList<>();
    for (Action a : actions) {
      if (a instanceof Action.Drain d
          && rt.drainingSince.putIfAbsent(d.instance().name(), now) == null) {
        intended.add(d.instance().name());
      }
    }
    if (!intended.isEmpty()) {
      save(pool, rt, now);
    }
    List<ActionResult> results = executor.execute(actions, rt, now);
    for (ActionResult r : results) {
      if (r.failed()
          && r.action() instanceof Action.Drain d
          && intended.contains(d.instance().name())) {
        rt.drainingSince.remove(d.instance().name());
      }
    }
    return results;
  }

  /**
   * A launched instance whose worker served for dead-after without a loss was a good launch: the
   * failures before it no longer count against the pool. One that lost its worker meanwhile was
   * not.
   */
  private void judgeProbation(PoolRuntime rt, Instant now) {
    for (Iterator<Map.Entry<String, Instant>> it = rt.onProbation.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<String, Instant> e = it.next();
      if (rt.losses.containsKey(e.getKey()) || rt.missingSince.containsKey(e.getKey())) {
        it.remove();
      } else if (!now.isBefore(e.getValue().plus(settings.deadAfter()))) {
        it.remove();
        rt.budget = budget.succeeded(rt.budget);
      }
    }
  }

  /** While launches are suspended: no launch, and no replacement (the failing one stays). */
  private static void holdLaunches(List<Action> actions) {
    actions.removeIf(
        a ->
            a instanceof Action.Launch
                || a instanceof Action.Destroy d
                    && (d.why().code() == ReasonCode.REPLACE_DEAD
                        || d.why().code() == ReasonCode.CRASH_LOOP));
  }

  private Reason partialView(PolicyInput input) {
    int unseen = withoutWorker(input, runtimes.get(input.pool().name())).size();
    return new Reason(
        ReasonCode.PARTIAL_VIEW,
        String.join(", ", input.blindBrokers())
            + " did not answer: sized from what the others saw (a lower bound); no scale-in"
            + (unseen > 0
                ? ", and " + unseen + " instance(s) without a worker there not replaced"
                : ""));
  }

  private Decision forecastOnly(Decision d, PolicyInput input) {
    String forecast =
        input
            .forecast()
            .map(
                f ->
                    String.format(
                        Locale.ROOT,
                        "forecast %.1f req/s now, %.1f req/s in %ds",
                        f.pointPerSecondAt(input.now()),
                        f.pointPerSecondAt(input.now().plus(input.leadTime())),
                        input.leadTime().toSeconds()))
            .orElse("no forecast (no good model yet)");
    List<Reason> reasons = new ArrayList<>(d.reasons());
    reasons.add(
        new Reason(
            ReasonCode.FORECAST_ONLY,
            forecast + "; would want " + d.desired() + " of " + d.current() + "; nothing done"));
    return new Decision(d.pool(), d.current(), d.desired(), reasons, List.of(), input.memory());
  }

  private void loadShared(String pool, PoolRuntime rt, Instant now) {
    try {
      memoryStore.load(pool).ifPresent(m -> rt.restore(m, now, freshness()));
    } catch (LoopMemoryStore.LoopMemoryException | RuntimeException e) {
      // Carry on with what this instance last knew, and say so.
      memoryError = "cannot read " + pool + "'s memory: " + e.getMessage();
    }
  }

  private void save(String pool, PoolRuntime rt, Instant now) {
    try {
      memoryStore.save(pool, rt.snapshot(now));
    } catch (LoopMemoryStore.LoopMemoryException | RuntimeException e) {
      memoryError = "cannot write " + pool + "'s memory: " + e.getMessage();
    }
  }

  private List<InstanceState> instanceStates(PolicyInput input, PoolRuntime rt) {
    List<InstanceState> out = new ArrayList<>();
    Set<String> booting =
        health.booting(input).stream()
            .map(Instance::name)
            .filter(n -> !rt.seenLive.contains(n))
            .collect(Collectors.toSet());
    for (Instance i : input.view().instances()) {
      Optional<WorkerStatus> w = health.worker(input, i);
      // A worker its supervisor gave up on is dead, even while a broker still lists it (a
      // killed worker is only expired after its heartbeats are missed).
      String state =
          rt.drainingSince.containsKey(i.name())
              ? "draining"
              : i.process().failed()
                  ? "failed"
                  : w.isPresent()
                      ? (w.get().busy() ? "busy" : "live")
                      : i.process().unreachable()
                          ? "unreachable"
                          : booting.contains(i.name()) ? "booting" : "no worker";
      out.add(new InstanceState(i.name(), state, i.createdAt()));
    }
    return out;
  }

  private Optional<Forecast> safeForecast(PoolSettings pool, boolean wanted) {
    if (!wanted && !policies.get(pool.spec().name()).usesForecast()) {
      return Optional.empty();
    }
    try {
      return forecasts.forecast(pool.spec(), lastLook);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private void forgetGone(PoolRuntime rt, List<Instance> instances) {
    Set<String> names = instances.stream().map(Instance::name).collect(Collectors.toSet());
    rt.drainingSince.keySet().retainAll(names);
    rt.missingSince.keySet().retainAll(names);
    rt.losses.keySet().retainAll(names);
    rt.registrations.keySet().retainAll(names);
    rt.restartsSeen.keySet().retainAll(names);
    rt.seenLive.retainAll(names);
    rt.seenBooting.retainAll(names);
    rt.onProbation.keySet().retainAll(names);
    rt.budget = budget.forgetGone(rt.budget, names);
  }

  /**
   * A worker the broker reports as draining is being drained, whoever asked (the instance that
   * ticked before a takeover, a person with {@code mmi.drain}): it is finished like our own drains,
   * never replaced.
   */
  private static void adoptDrains(
      PoolRuntime rt, List<Instance> instances, Optional<ServiceLoad> load, Instant now) {
    if (load.isEmpty()) {
      return;
    }
    Set<String> names = instances.stream().map(Instance::name).collect(Collectors.toSet());
    for (WorkerStatus w : load.get().workers()) {
      if (w.state() == WorkerStatus.State.DRAINING && names.contains(w.identity())) {
        rt.drainingSince.putIfAbsent(w.identity(), now);
      }
    }
  }

  /**
   * Learns the pool's lead time from instances first seen without a worker (booting), at their
   * first heartbeat. One already live at the first look (a restart, a takeover) teaches nothing.
   */
  private static void learnLeadTimes(
      PoolRuntime rt,
      List<Instance> instances,
      Optional<ServiceLoad> load,
      boolean complete,
      Instant now) {
    if (load.isEmpty()) {
      return;
    }
    Set<String> live =
        load.get().workers().stream().map(WorkerStatus::identity).collect(Collectors.toSet());
    for (Instance i : instances) {
      if (live.contains(i.name())) {
        if (rt.seenLive.add(i.name()) && rt.seenBooting.remove(i.name())) {
          rt.leadTime.observed(Duration.between(i.createdAt(), now));
          rt.onProbation.put(i.name(), now);
        }
      } else if (complete
          && !rt.seenLive.contains(i.name())
          && !rt.drainingSince.containsKey(i.name())) {
        rt.seenBooting.add(i.name()); // unseen at a blind broker would not be booting
      }
    }
  }

  private void trackMissing(PoolRuntime rt, PolicyInput input) {
    countSupervisorRestarts(rt, input);
    if (input.load().isEmpty()) {
      return;
    }
    Set<String> watched =
        input.view().instances().stream()
            .filter(i -> i.process().state() != WorkerProcess.State.NOT_WATCHED)
            .map(Instance::name)
            .collect(Collectors.toSet());
    Set<String> missing =
        withoutWorker(input, rt).stream().map(Instance::name).collect(Collectors.toSet());
    Set<String> missingBefore = Set.copyOf(rt.missingSince.keySet());
    rt.missingSince.keySet().retainAll(missing);
    countReRegistrations(rt, input, missingBefore, watched);
    if (input.partial()) {
      return; // a worker unseen now may be at the broker that did not answer
    }
    for (String name : missing) {
      if (rt.missingSince.putIfAbsent(name, input.now()) == null
          && rt.seenLive.contains(name)
          && !watched.contains(name)) {
        addLoss(rt, name, input.now());
      }
    }
  }

  /**
   * Serving instances without a live worker that should have one: past their boot grace, or seen
   * live before (a worker lost within the grace is lost, not booting). None when blind.
   */
  private List<Instance> withoutWorker(PolicyInput input, PoolRuntime rt) {
    if (input.load().isEmpty()) {
      return List.of();
    }
    Set<String> past =
        health.withoutWorker(input).stream().map(Instance::name).collect(Collectors.toSet());
    Set<String> booting =
        health.booting(input).stream().map(Instance::name).collect(Collectors.toSet());
    return input.view().serving().stream()
        .filter(
            i ->
                past.contains(i.name())
                    || booting.contains(i.name()) && rt.seenLive.contains(i.name()))
        .toList();
  }

  /**
   * A worker that registered again since the last look was lost and came back in between (a
   * supervisor restarting a crashing worker can be quicker than the broker's expiry and the tick).
   */
  private void countReRegistrations(
      PoolRuntime rt, PolicyInput input, Set<String> missingBefore, Set<String> watched) {
    for (WorkerStatus w : input.load().get().workers()) {
      if (w.registrations() <= 0) {
        continue; // the broker does not count them
      }
      Integer before = rt.registrations.put(w.identity(), w.registrations());
      if (before != null
          && w.registrations() > before
          && rt.seenLive.contains(w.identity())
          && !watched.contains(w.identity())) { // a supervisor's own count is the source there
        // A loss already seen as a missing worker is not counted twice.
        int unseen = w.registrations() - before - (missingBefore.contains(w.identity()) ? 1 : 0);
        int times = Math.min(unseen, settings.crashLoopLosses());
        for (int n = 0; n < times; n++) {
          addLoss(rt, w.identity(), input.now());
        }
      }
    }
  }

  /**
   * A process supervisor counts every restart of a worker, also those between two ticks, which the
   * brokers may never show: where there is one, its count is the losses' source.
   */
  private void countSupervisorRestarts(PoolRuntime rt, PolicyInput input) {
    for (Instance i : input.view().instances()) {
      int restarts = i.process().restarts();
      Integer seen = rt.restartsSeen.put(i.name(), restarts);
      for (int n = seen == null ? 0 : seen; n < restarts; n++) {
        addLoss(rt, i.name(), input.now());
      }
    }
  }

  private void addLoss(PoolRuntime rt, String name, Instant at) {
    Deque<Instant> lost = rt.losses.computeIfAbsent(name, n -> new ArrayDeque<>());
    lost.addLast(at);
    while (lost.size() > settings.crashLoopLosses()) {
      lost.removeFirst();
    }
  }

  /**
   * Replaces dead instances: a replacement is launched now; the dead one is destroyed. In live
   * mode, an instance that never served or that crash-loops counts against the pool's launch
   * budget, which may suspend its launches before this replacement goes out.
   */
  private void heal(
      PolicyInput input, PoolRuntime rt, List<Action> actions, List<Reason> events, boolean live) {
    Healer.Plan plan =
        healer.plan(input, withoutWorker(input, rt), rt.missingSince, rt.losses, rt.completeSince);
    events.addAll(plan.events());
    if (plan.replace().isEmpty()) {
      return;
    }
    if (live) {
      boolean wasSuspended = rt.budget.suspended();
      plan.replace()
          .forEach(
              (dead, why) -> {
                boolean neverServed = !rt.seenLive.contains(dead.name());
                if (why.code() == ReasonCode.CRASH_LOOP || neverServed) {
                  String what =
                      dead.name() + " " + (neverServed ? "never served (" + why + ")" : why);
                  rt.budget = budget.failed(rt.budget, input.now(), dead.name(), what);
                }
              });
      if (rt.budget.suspended() && !wasSuspended) {
        return; // the launch that would replace it is held, and it stays (see status)
      }
    }
    boolean scaleUpPlanned = actions.stream().anyMatch(a -> a instanceof Action.Launch);
    if (!scaleUpPlanned) {
      // The dead still count as capacity in the decision; replace each, make before break.
      String key = input.pool().name() + "-r" + Long.toString(input.now().getEpochSecond(), 36);
      Reason why = plan.replace().values().iterator().next();
      actions.add(new Action.Launch(input.pool().name(), plan.replace().size(), key, why));
    }
    plan.replace().forEach((dead, why) -> actions.add(new Action.Destroy(dead, why)));
  }

  /** Destroys drained instances once their worker is idle or gone, or the deadline has passed. */
  private void finishDrains(PolicyInput input, PoolRuntime rt, List<Action> actions) {
    Map<String, WorkerStatus> workers =
        input
            .load()
            .map(
                l ->
                    l.workers().stream()
                        .collect(Collectors.toMap(WorkerStatus::identity, w -> w, (a, b) -> a)))
            .orElse(Map.of());
    for (Instance i : input.view().instances()) {
      Instant since = rt.drainingSince.get(i.name());
      if (since == null) {
        continue;
      }
      WorkerStatus w = workers.get(i.name());
      // Gone from a partial view may only be unseen: then only the deadline ends the drain.
      boolean gone = w == null && input.load().isPresent() && !input.partial();
      if (gone || w != null && w.inFlight() == 0 && w.state() != WorkerStatus.State.BUSY) {
        actions.add(
            new Action.Destroy(
                i, new Reason(ReasonCode.DRAINED, "worker idle or gone since drain at " + since)));
      } else if (!input.now().isBefore(since.plus(input.pool().drainDeadline()))) {
        actions.add(
            new Action.Destroy(
                i,
                new Reason(
                    ReasonCode.DRAIN_DEADLINE,
                    "still busy "
                        + input.pool().drainDeadline().toSeconds()
                        + "s after its drain began")));
      }
    }
  }

  private static Decision withNote(Decision d, ReasonCode code, String message) {
    List<Reason> reasons = new ArrayList<>(d.reasons());
    reasons.add(new Reason(code, message));
    return new Decision(d.pool(), d.current(), d.desired(), reasons, d.actions(), d.memory());
  }
}
