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
import java.util.LinkedHashMap;
import java.util.List;
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
  private final LeadTimeEstimator leadTime;
  private final InstanceHealth health = new InstanceHealth();
  private final Healer healer;
  private final ActionExecutor executor;
  private final Map<String, PoolRuntime> runtimes = new LinkedHashMap<>();
  private final Map<String, PoolMode> configuredModes = new HashMap<>();
  private Instant lastLook;

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
    this.settings = settings;
    for (PoolSettings p : pools) {
      this.pools.put(p.spec().name(), p);
      this.runtimes.put(p.spec().name(), new PoolRuntime());
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
    this.leadTime = new LeadTimeEstimator(settings.leadTime());
    this.healer = new Healer(health, settings);
    this.executor = new ActionExecutor(provider, control);
  }

  /** The pool's mode: the one a person switched it to, else the configured one. */
  public PoolMode mode(String pool) {
    return modeOf(pool, overrides);
  }

  private PoolMode modeOf(String pool, OverrideSource people) {
    return people.mode(pool).orElse(configuredModes.get(pool));
  }

  public Duration leadTime() {
    return leadTime.current();
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
                  : b.error()));
    }
    sources.add(record(observation, now));
    sources.add(new SourceStatus("forecast", forecasts.healthy(), forecasts.status()));
    sources.add(new SourceStatus("lead-time", true, leadTime.toString()));

    OverrideSource people = overrides.snapshot(now);
    List<PoolTick> poolTicks = new ArrayList<>();
    boolean providerOk = true;
    for (PoolSettings pool : pools.values()) {
      PoolTick t = tickPool(pool, observation, people, sinceLastLook, now);
      providerOk &= !t.providerFailed();
      poolTicks.add(t);
    }
    sources.add(
        new SourceStatus("provider", providerOk, providerOk ? "ok" : "failing: see pool errors"));
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
      return new SourceStatus("history", false, "failing: " + e.getMessage());
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
    Optional<ServiceLoad> load = observation.service(pool.spec().service());
    List<Instance> instances;
    try {
      instances = provider.list(name);
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
    learnLeadTimes(rt, instances, load, now);

    PoolView view = new PoolView(instances, 0, rt.drainingSince);
    if (rt.memory == PolicyMemory.EMPTY) {
      // Nothing recommended yet (a start, a restart, taking over from another instance): count the
      // pool's present size as recommended now, so it scales in only after a whole stabilization
      // window, never on a first look.
      rt.memory =
          PolicyMemory.EMPTY.remember(now, view.capacity(), pool.spec().scaleInStabilization());
    }
    PolicyInput input =
        new PolicyInput(
            pool.spec(),
            view,
            load,
            sinceLastLook,
            safeForecast(pool),
            leadTime.current(),
            settings.tick(),
            people.active(name, now),
            rt.memory,
            now);
    trackMissing(rt, input);
    Decision decision = policies.get(name).decide(input);
    rt.memory = decision.memory();

    List<Action> actions = new ArrayList<>(decision.actions());
    List<Reason> events = new ArrayList<>();
    if (decision.reasons().stream().noneMatch(r -> r.code() == ReasonCode.PAUSED)) {
      heal(input, rt, actions, events);
      finishDrains(input, rt, actions);
    }
    PoolMode mode = modeOf(name, people);
    List<ActionResult> results;
    if (mode == PoolMode.LIVE) {
      results = executor.execute(actions, rt, now);
    } else {
      results = actions.stream().map(a -> ActionResult.notActed(a, mode.text())).toList();
      decision = withNote(decision, ReasonCode.DRY_RUN, mode.text() + ": nothing done");
    }
    rt.lastDecision = decision;
    return new PoolTick(
        name,
        pool.spec().service(),
        load.map(ServiceLoad::queued).orElse(0),
        input.arrivalRate(),
        input.forecast().map(f -> f.pointPerSecondAt(now)).orElse(Double.NaN),
        load.map(l -> l.workers().size()).orElse(0),
        load.map(ServiceLoad::workersBusy).orElse(0),
        instances.size(),
        decision,
        results,
        events,
        instanceStates(input, rt));
  }

  private List<InstanceState> instanceStates(PolicyInput input, PoolRuntime rt) {
    List<InstanceState> out = new ArrayList<>();
    Set<String> booting =
        health.booting(input).stream().map(Instance::name).collect(Collectors.toSet());
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

  private Optional<Forecast> safeForecast(PoolSettings pool) {
    if (!policies.get(pool.spec().name()).usesForecast()) {
      return Optional.empty();
    }
    try {
      return forecasts.forecast(pool.spec(), lastLook);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static void forgetGone(PoolRuntime rt, List<Instance> instances) {
    Set<String> names = instances.stream().map(Instance::name).collect(Collectors.toSet());
    rt.drainingSince.keySet().retainAll(names);
    rt.missingSince.keySet().retainAll(names);
    rt.losses.keySet().retainAll(names);
    rt.restartsSeen.keySet().retainAll(names);
    rt.seenLive.retainAll(names);
  }

  private void learnLeadTimes(
      PoolRuntime rt, List<Instance> instances, Optional<ServiceLoad> load, Instant now) {
    if (load.isEmpty()) {
      return;
    }
    Set<String> live =
        load.get().workers().stream().map(WorkerStatus::identity).collect(Collectors.toSet());
    for (Instance i : instances) {
      if (live.contains(i.name()) && rt.seenLive.add(i.name())) {
        leadTime.observed(Duration.between(i.createdAt(), now));
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
        health.withoutWorker(input).stream().map(Instance::name).collect(Collectors.toSet());
    rt.missingSince.keySet().retainAll(missing);
    for (String name : missing) {
      if (rt.missingSince.putIfAbsent(name, input.now()) == null
          && rt.seenLive.contains(name)
          && !watched.contains(name)) {
        addLoss(rt, name, input.now());
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

  /** Replaces dead instances: a replacement is launched now; the dead one is destroyed. */
  private void heal(PolicyInput input, PoolRuntime rt, List<Action> actions, List<Reason> events) {
    Healer.Plan plan = healer.plan(input, rt.missingSince, rt.losses);
    events.addAll(plan.events());
    if (plan.replace().isEmpty()) {
      return;
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
      if (input.load().isPresent()
          && (w == null || (w.inFlight() == 0 && w.state() != WorkerStatus.State.BUSY))) {
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
