package io.yogurt.autoscaler.service;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.yogurt.autoscaler.Settings;
import io.yogurt.autoscaler.admin.AdminServer;
import io.yogurt.autoscaler.admin.OverrideStore;
import io.yogurt.autoscaler.admin.RecentTicks;
import io.yogurt.autoscaler.admin.ServiceRole;
import io.yogurt.autoscaler.forecast.TrainedForecastSource;
import io.yogurt.autoscaler.ha.PostgresCreateJournal;
import io.yogurt.autoscaler.ha.PostgresLoopMemory;
import io.yogurt.autoscaler.ha.PostgresOverrideStorage;
import io.yogurt.autoscaler.local.LocalProcessProvider;
import io.yogurt.autoscaler.local.WorkerLaunch;
import io.yogurt.autoscaler.loop.ControlLoop;
import io.yogurt.autoscaler.loop.LoopMemoryStore;
import io.yogurt.autoscaler.loop.PoolSettings;
import io.yogurt.autoscaler.metrics.MetricsServer;
import io.yogurt.autoscaler.metrics.ServiceMetrics;
import io.yogurt.autoscaler.metrics.TickMetrics;
import io.yogurt.autoscaler.policy.Policies;
import io.yogurt.autoscaler.policy.TunedPolicy;
import io.yogurt.autoscaler.tune.TuneJob;
import io.yogurt.autoscaler.tune.TuningStore;
import io.yogurt.broker.Broker;
import io.yogurt.broker.curve.CurveClient;
import io.yogurt.broker.curve.CurveKeys;
import io.yogurt.broker.probe.MdpProbe;
import io.yogurt.broker.probe.ProbeSettings;
import io.yogurt.broker.probe.ProbeTarget;
import io.yogurt.config.InvalidInputException;
import io.yogurt.forecasting.ForecastService;
import io.yogurt.forecasting.ModelStore;
import io.yogurt.history.HistoryStores;
import io.yogurt.history.ResilientHistory;
import io.yogurt.history.WriteBehindHistory;
import io.yogurt.history.elasticsearch.ElasticsearchHistory;
import io.yogurt.history.elasticsearch.ElasticsearchTickEvents;
import io.yogurt.history.embedded.EmbeddedHistory;
import io.yogurt.models.History;
import io.yogurt.models.HistoryException;
import io.yogurt.models.Instance;
import io.yogurt.models.Policy;
import io.yogurt.models.PoolMode;
import io.yogurt.models.Progress;
import io.yogurt.models.Provider;
import io.yogurt.models.ProviderCallStats;
import io.yogurt.models.ProviderException;
import io.yogurt.models.TickListener;
import io.yogurt.provider.digitalocean.CreateJournal;
import io.yogurt.provider.digitalocean.DigitalOceanProvider;
import io.yogurt.provider.digitalocean.DigitalOceanSettings;
import io.yogurt.provider.digitalocean.OffTickProvider;
import io.yogurt.provider.digitalocean.Sleeper;
import io.yogurt.provider.digitalocean.WorkerReadiness;
import io.yogurt.provider.supervisor.HostReport;
import io.yogurt.provider.supervisor.SupervisorProvider;
import io.yogurt.rabbitmq.RabbitPoolSettings;
import io.yogurt.rabbitmq.probe.RabbitProbe;
import io.yogurt.registry.etcd.LeaderElection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service, composed from the settings: embedded broker, probe, history, provider, the
 * control loop on a Quartz schedule. Closing it stops the loop first, then drains and stops the
 * workers (while the broker still runs, so in-flight requests finish), then the rest.
 */
public final class YogurtService implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(YogurtService.class);
  private static final String CONTROL_LOOP = "control-loop";

  private final Deque<AutoCloseable> closers = new ArrayDeque<>();
  private final ControlLoop loop;
  private final Broker broker;
  private final MetricsServer metrics;

  private YogurtService(Builder b) {
    this.loop = b.loop;
    this.broker = b.broker;
    this.metrics = b.metrics;
    this.closers.addAll(b.closers);
  }

  /**
   * Starts everything; on any failure, stops what was started and rethrows.
   *
   * @param extraListeners receive every tick report (tests use this to await ticks)
   */
  public static YogurtService start(
      Settings settings, StateDir state, InstantSource clock, List<TickListener> extraListeners)
      throws Exception {
    Builder b = new Builder();
    try {
      b.broker = b.closeLater(Broker.start(settings.broker(), clock, settings.logs()));
      ProbeSettings probeSettings =
          settings.registry().enabled()
              ? RegistryWiring.initialTargets(settings)
              : settings.probe().brokers().isEmpty()
                  ? new ProbeSettings(
                      List.of(ProbeTarget.of(b.broker.endpoint(), ProbeSettings.DEFAULT_TIMEOUT)))
                  : settings.probe();
      MdpProbe mdp = b.closeLater(new MdpProbe(probeSettings, embeddedCurve(settings), clock));
      if (settings.registry().enabled()) {
        RegistryWiring.start(settings, b.broker, mdp, clock, b::closeLater);
      }
      History store = HistoryStores.open(state.path(), settings.history(), clock);
      if (store instanceof ResilientHistory r) {
        // Delivery to Elasticsearch waits on its timeouts while it is down: never in a tick.
        r.deliverInBackground();
        ScheduledExecutorService delivery =
            Executors.newSingleThreadScheduledExecutor(t -> daemon(t, "yogurt-history-delivery"));
        delivery.scheduleWithFixedDelay(r::deliverIfDue, 1, 1, TimeUnit.SECONDS);
        b.closeLater(delivery::shutdownNow);
        // Closed before the delivery job stops: a clean stop delivers what the last ticks wrote,
        // unless the cluster is in its retry back-off (then it waits in the outbox for next start).
        b.closeLater(r::deliverIfDue);
      }
      // History writes leave the tick's path: a slow or full disk never makes a tick late.
      WriteBehindHistory history = b.closeLater(new WriteBehindHistory(store, 10_000));
      Map<String, String> services =
          settings.pools().stream()
              .collect(Collectors.toMap(p -> p.spec().name(), p -> p.spec().service()));
      OverrideStore overrides =
          settings.ha().onPostgres()
              ? new OverrideStore(b.closeLater(PostgresOverrideStorage.open(settings.ha())), clock)
              : new OverrideStore(state.path(), settings.logs(), clock);
      LoopMemoryStore memory =
          settings.ha().onPostgres()
              ? b.closeLater(PostgresLoopMemory.open(settings.ha()))
              : b.closeLater(new FileLoopMemory(state.path()));
      Provider provider =
          b.closeLater(provider(settings, b.broker.endpoint(), services, state, clock, overrides));
      CompositeProbe probe = probe(settings, mdp, provider, b);
      Supplier<List<HostReport>> hosts =
          provider instanceof SupervisorProvider s ? s::hosts : List::of;
      RecentTicks recent = new RecentTicks(20);
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      ServiceMetrics serviceMetrics = b.closeLater(new ServiceMetrics(registry, version()));
      providerCalls(provider).ifPresent(c -> serviceMetrics.provider(settings.provider(), c));
      if (store instanceof ResilientHistory resilient) {
        serviceMetrics.outbox(resilient, YogurtService::outboxBacklog);
      }
      // Cheap listeners run in the tick; those that write (files, Elasticsearch) behind it.
      List<TickListener> writers = new ArrayList<>();
      writers.add(new TickEvents(state.path(), 14, settings.logs()));
      if (store instanceof ResilientHistory r && r.remote() instanceof ElasticsearchHistory es) {
        writers.add(new ElasticsearchTickEvents(es));
      }
      List<TickListener> listeners =
          new ArrayList<>(
              List.of(
                  new TickLog(),
                  recent,
                  new TickMetrics(registry),
                  b.closeLater(new AsyncTickListeners(writers, 1000))));
      listeners.addAll(extraListeners);
      TuningStore tunings = new TuningStore(state.path());
      Map<String, Policy> policies = policies(settings, tunings);
      ForecastService models =
          new ForecastService(
              settings.forecast(), new ModelStore(state.path().resolve("models")), Progress.NONE);
      TrainedForecastSource forecasts =
          new TrainedForecastSource(
              history,
              models,
              settings.pools().stream()
                  .filter(
                      p ->
                          policies.get(p.spec().name()).usesForecast()
                              || p.mode() == PoolMode.FORECAST_ONLY)
                  .map(PoolSettings::spec)
                  .toList());
      listeners.add(serviceMetrics.models(forecasts::modelsInForce));
      b.loop =
          new ControlLoop(
              settings.loop(),
              settings.pools(),
              policies,
              probe,
              probe,
              provider,
              history,
              forecasts,
              overrides,
              listeners,
              memory);
      for (String failed : b.loop.restoreMemory(clock.instant())) {
        log.warn("the loop's memory of {} could not be read; starting afresh", failed);
      }
      QuartzTicker shared = b.closeLater(new QuartzTicker("yogurt", clock, settings.ha()));
      LeaderElection election =
          settings.ha().onEtcd() ? b.closeLater(EtcdLeadership.elect(settings, clock)) : null;
      // Training and compaction work on this instance's own state directory (its models, its
      // embedded history), so under HA they run on every instance, not on one per period: the
      // standby must have a trained model when it takes over.
      QuartzTicker local =
          settings.ha().onPostgres()
              ? b.closeLater(new QuartzTicker("yogurt-local", clock))
              : shared;
      Supplier<Optional<Instant>> clusterLastTick =
          settings.ha().onPostgres()
              ? () -> shared.lastRun(CONTROL_LOOP)
              : election != null ? election::leaderSeen : Optional::empty;
      ServiceRole role = new ServiceRole(recent, clock, settings.loop().tick(), clusterLastTick);
      serviceMetrics.role(ServiceRole.NAMES, () -> role.now().name());
      if (settings.metrics().enabled()) {
        // The JDK's HTTP servers read their request timeout once, when the first one starts.
        AdminServer.limitRequestTime(settings.admin().requestTimeout());
        b.metrics = b.closeLater(MetricsServer.start(settings.metrics(), registry, role::health));
      }
      if (settings.admin().enabled()) {
        b.closeLater(
            AdminServer.start(
                settings.admin(),
                state.path(),
                new AdminServer.Deps(
                    b.loop,
                    settings.pools(),
                    overrides,
                    recent,
                    clock,
                    settings.loop().tick(),
                    clusterLastTick,
                    hosts)));
      }
      schedule(shared, local, settings, b.loop, forecasts, provider, history, election);
      scheduleTunes(local, settings, new TuneJob(settings, history, tunings));
      shared.start();
      if (local != shared) {
        local.start();
      }
      log.info(
          "control loop every {}s for pools {}",
          settings.loop().tick().toMillis() / 1000.0,
          settings.pools().stream().map(p -> p.spec().name()).toList());
      return new YogurtService(b);
    } catch (Exception e) {
      b.closeAll();
      throw e;
    }
  }

  private static Provider provider(
      Settings settings,
      String brokerEndpoint,
      Map<String, String> services,
      StateDir state,
      InstantSource clock,
      OverrideStore overrides)
      throws Exception {
    return switch (settings.provider()) {
      case "digitalocean" -> droplets(settings, services, clock, state.path());
      case "supervisor" ->
          SupervisorProvider.create(
              settings.supervisor(),
              services.keySet(),
              state.path(),
              clock,
              overrides::hostsOutOfRotation);
      default ->
          new LocalProcessProvider(
              settings.local(), workerLaunches(settings, brokerEndpoint), state.path(), clock);
    };
  }

  /** How each pool's local workers reach their work: the embedded broker, or the pool's queue. */
  static Map<String, WorkerLaunch> workerLaunches(Settings settings, String brokerEndpoint) {
    Map<String, WorkerLaunch> launches = new HashMap<>();
    for (PoolSettings p : settings.pools()) {
      RabbitPoolSettings queue = settings.rabbitmq().get(p.spec().name());
      launches.put(
          p.spec().name(),
          queue != null
              ? WorkerLaunch.rabbitmq(queue)
              : WorkerLaunch.majordomo(brokerEndpoint, p.spec().service()));
    }
    return launches;
  }

  /**
   * The Majordomo brokers, and the RabbitMQ queues of the pools that name one. Without the
   * management API the RabbitMQ probe finds workers by their control queues, for which it asks the
   * provider which instances a pool has.
   */
  private static CompositeProbe probe(
      Settings settings, MdpProbe mdp, Provider provider, Builder b) {
    List<CompositeProbe.Part> parts = new ArrayList<>();
    parts.add(new CompositeProbe.Part("majordomo", mdp, mdp));
    if (!settings.rabbitmq().isEmpty()) {
      RabbitProbe rabbit =
          b.closeLater(
              new RabbitProbe(
                  List.copyOf(settings.rabbitmq().values()),
                  pool -> instanceNames(provider, pool)));
      parts.add(new CompositeProbe.Part("rabbitmq", rabbit, rabbit));
    }
    return new CompositeProbe(parts);
  }

  private static List<String> instanceNames(Provider provider, String pool) {
    try {
      return provider.list(pool).stream().map(Instance::name).toList();
    } catch (ProviderException | RuntimeException e) {
      return List.of();
    }
  }

  /**
   * The loop and the jobs beside it: forecast training, the orphan sweep, history compaction.
   * {@code shared} runs a job on one instance of the cluster per period, {@code local} on this one.
   */
  private static void schedule(
      QuartzTicker shared,
      QuartzTicker local,
      Settings settings,
      ControlLoop loop,
      TrainedForecastSource forecasts,
      Provider provider,
      History history,
      LeaderElection election)
      throws SchedulerException {
    shared.every(
        CONTROL_LOOP,
        settings.loop().tick(),
        Duration.ZERO,
        EtcdLeadership.onlyIfLeading(election, loop::tick));
    if (forecasts.hasServices()) {
      // Retraining is slow, so it runs beside the loop; due-ness is checked every few minutes.
      local.every(
          "forecast-training", Duration.ofMinutes(5), Duration.ofSeconds(5), forecasts::maintain);
    }
    if (provider instanceof OffTickProvider offTick) {
      DigitalOceanProvider droplets = offTick.inner();
      Set<String> pools =
          settings.pools().stream().map(p -> p.spec().name()).collect(Collectors.toSet());
      shared.every(
          "orphan-sweep",
          Duration.ofMinutes(10),
          Duration.ofMinutes(1),
          EtcdLeadership.onlyIfLeading(election, now -> sweep(droplets, pools)));
    }
    History stored = history instanceof WriteBehindHistory w ? w.target() : history;
    EmbeddedHistory embedded =
        stored instanceof ResilientHistory r ? r.local() : (EmbeddedHistory) stored;
    local.every(
        "history-compaction",
        Duration.ofHours(1),
        Duration.ofMinutes(5),
        now -> compact(embedded, now));
  }

  /**
   * Removes droplets of unknown pools and duplicates of one name. Droplets whose worker is gone are
   * left to the loop's healer, which replaces make-before-break and holds back on mass loss.
   */
  private static void sweep(DigitalOceanProvider droplets, Set<String> pools) {
    try {
      droplets.sweepOrphans(pools, null);
    } catch (ProviderException e) {
      log.warn("orphan sweep failed, will retry: {}", e.getMessage());
    }
  }

  private static void compact(EmbeddedHistory history, Instant now) {
    try {
      long removed = history.compact(now);
      log.debug("history compaction: {} rows folded or expired", removed);
    } catch (HistoryException e) {
      log.warn("history compaction failed, will retry in an hour: {}", e.getMessage());
    }
  }

  /**
   * The daily tune (when enabled) and, always, a look every minute for what {@code yogurt tune
   * --apply} or {@code --reset} wrote. They replay on this instance's own history, as training
   * does.
   */
  private static void scheduleTunes(QuartzTicker local, Settings settings, TuneJob job)
      throws SchedulerException {
    local.every("tuning-reload", Duration.ofMinutes(1), Duration.ofMinutes(1), job::reload);
    if (settings.tune().enabled()) {
      local.every("tune", settings.tune().every(), Duration.ofMinutes(10), job::run);
    }
  }

  /**
   * The DigitalOcean provider as the loop uses it: API calls off the tick thread, pending creates
   * journaled in the state directory, launches gated on what Yogurt can check itself. Settings
   * without which no droplet can boot (no package, no checksum) stop the start.
   */
  private static Provider droplets(
      Settings settings, Map<String, String> services, InstantSource clock, Path state)
      throws InvalidInputException {
    DigitalOceanSettings s = settings.digitalocean();
    List<String> fatal =
        WorkerReadiness.problems(s.worker()).stream()
            .filter(p -> p.key().endsWith(".package-url") || p.key().endsWith(".package-sha256"))
            .map(WorkerReadiness.Problem::toString)
            .toList();
    if (!fatal.isEmpty()) {
      throw new InvalidInputException(String.join("\n", fatal));
    }
    WorkerReadiness.problems(s.worker())
        .forEach(p -> log.warn("droplets may not become workers: {}", p));
    DigitalOceanProvider api =
        settings.ha().onPostgres()
            ? DigitalOceanProvider.create(
                s, services, clock, Sleeper.SYSTEM, sharedJournal(settings))
            : DigitalOceanProvider.create(
                s, services, clock, Sleeper.SYSTEM, state.resolve("digitalocean"));
    Duration tick = settings.loop().tick();
    return new OffTickProvider(
        api,
        services.keySet(),
        clock,
        tick,
        tick.multipliedBy(3).plus(s.requestTimeout().multipliedBy(s.maxAttempts())),
        Duration.ofMinutes(10),
        DropletLaunchGate.start(s, settings.broker()));
  }

  /**
   * Under HA the pending-creates journal is shared, as the loop's memory is: an instance taking
   * over within the API's listing lag counts what the other asked for in its last seconds.
   */
  private static CreateJournal sharedJournal(Settings settings) throws InvalidInputException {
    try {
      return PostgresCreateJournal.open(settings.ha());
    } catch (IOException e) {
      throw new InvalidInputException(
          "ha.jdbc-url: the pending-creates journal: " + e.getMessage());
    }
  }

  /**
   * The CURVE keys the service talks to its own broker with: the broker's keys (which the broker
   * always admits), when the embedded broker is a CURVE server and the probe watches only it (no
   * brokers listed, or only the embedded broker's own endpoint).
   */
  private static CurveClient embeddedCurve(Settings settings) throws IOException {
    boolean onlyEmbedded =
        settings.probe().brokers().stream()
            .allMatch(t -> t.endpoint().equals(settings.broker().bind()));
    if (!settings.broker().curve().enabled() || !onlyEmbedded || settings.registry().enabled()) {
      return null;
    }
    CurveKeys own = CurveKeys.load(Path.of(settings.broker().curve().serverKey()));
    return new CurveClient(own, own.publicKeyZ85());
  }

  /** Each pool's policy, deciding with the margins a tune put in force, when there are any. */
  static Map<String, Policy> policies(Settings settings, TuningStore tunings) {
    return settings.pools().stream()
        .collect(
            Collectors.toMap(
                p -> p.spec().name(),
                (PoolSettings p) ->
                    new TunedPolicy(
                        Policies.byName(
                            p.policy(), p.staticSize(), settings.loop().backlogTarget()),
                        () -> tunings.tuning(p.spec().name(), p.policy()))));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  public ControlLoop loop() {
    return loop;
  }

  public String brokerEndpoint() {
    return broker.endpoint();
  }

  /** Where Prometheus scrapes this instance ({@code http://host:port}); empty when disabled. */
  public Optional<String> metricsUrl() {
    return Optional.ofNullable(metrics).map(MetricsServer::url);
  }

  /** The running version, from the jar's manifest ("dev" when run from classes). */
  static String version() {
    String v = YogurtService.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** The cloud API's call counts, for a provider that calls one (DigitalOcean). */
  private static Optional<ProviderCallStats> providerCalls(Provider provider) {
    DigitalOceanProvider droplets =
        provider instanceof OffTickProvider offTick
            ? offTick.inner()
            : provider instanceof DigitalOceanProvider d ? d : null;
    return droplets != null && droplets.api() instanceof ProviderCallStats calls
        ? Optional.of(calls)
        : Optional.empty();
  }

  private static double outboxBacklog(ResilientHistory history) {
    try {
      return history.status().waiting();
    } catch (HistoryException e) {
      return Double.NaN;
    }
  }

  @Override
  public void close() {
    log.info("stopping: loop, then workers (drained), then broker");
    while (!closers.isEmpty()) {
      AutoCloseable c = closers.pop();
      try {
        c.close();
      } catch (Exception e) {
        log.warn("while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
      }
    }
  }

  /** What has been started so far, closed newest first. */
  private static final class Builder {
    final Deque<AutoCloseable> closers = new ArrayDeque<>();
    Broker broker;
    ControlLoop loop;
    MetricsServer metrics;

    <T extends AutoCloseable> T closeLater(T c) {
      closers.push(c);
      return c;
    }

    void closeAll() {
      while (!closers.isEmpty()) {
        try {
          closers.pop().close();
        } catch (Exception ignored) {
          // already failing; the first error is the one reported
        }
      }
    }
  }
}
