package io.yogurt.autoscaler.local;

import io.yogurt.autoscaler.loop.CrashPoint;
import io.yogurt.models.Instance;
import io.yogurt.models.Provider;
import io.yogurt.models.ProviderException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instances as local processes: each is one {@code yogurt worker} connected to its pool's broker
 * (Majordomo or RabbitMQ, as its {@link WorkerLaunch} says) and named like a droplet ({@code
 * <pool>-<key>-<n>}). A record per instance under {@code <stateDir>/workers/} lets a restarted
 * Yogurt adopt the processes it launched before a crash, so a crash leaves no orphan and a retried
 * launch no duplicate.
 */
public final class LocalProcessProvider implements Provider {

  private static final Logger log = LoggerFactory.getLogger(LocalProcessProvider.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final LocalSettings settings;
  private final Map<String, WorkerLaunch> launchByPool;
  private final InstantSource clock;
  private final WorkerRecords records;
  private final Map<String, Launched> running = new ConcurrentHashMap<>();

  /** The id of a worker whose start was intended but not yet seen through. */
  private static final String PENDING_PID = "pending";

  /** A worker process and what we know of it. */
  record Launched(Instance instance, ProcessHandle process) {}

  public LocalProcessProvider(
      LocalSettings settings,
      String brokerEndpoint,
      Map<String, String> serviceByPool,
      Path stateDir,
      InstantSource clock)
      throws IOException {
    this(settings, majordomo(brokerEndpoint, serviceByPool), stateDir, clock);
  }

  /**
   * @param launchByPool how each pool's workers reach their work
   */
  public LocalProcessProvider(
      LocalSettings settings,
      Map<String, WorkerLaunch> launchByPool,
      Path stateDir,
      InstantSource clock)
      throws IOException {
    this.settings = settings;
    this.launchByPool = Map.copyOf(launchByPool);
    this.clock = clock;
    this.records = new WorkerRecords(stateDir.resolve("workers"));
    adoptSurvivors();
  }

  private static Map<String, WorkerLaunch> majordomo(
      String brokerEndpoint, Map<String, String> serviceByPool) {
    Map<String, WorkerLaunch> launches = new HashMap<>();
    serviceByPool.forEach(
        (pool, service) -> launches.put(pool, WorkerLaunch.majordomo(brokerEndpoint, service)));
    return launches;
  }

  @Override
  public List<Instance> list(String pool) {
    List<Instance> out = new ArrayList<>();
    for (Launched l : running.values()) {
      if (!l.instance().pool().equals(pool)) {
        continue;
      }
      if (!l.process().isAlive()) {
        forget(l.instance().name());
        continue;
      }
      out.add(l.instance());
    }
    out.sort(Comparator.comparing(Instance::createdAt).thenComparing(Instance::name));
    return out;
  }

  @Override
  public synchronized List<Instance> launch(String pool, int count, String idempotencyKey)
      throws ProviderException {
    List<Instance> already =
        list(pool).stream().filter(i -> i.launchKey().equals(idempotencyKey)).toList();
    List<Instance> launched = new ArrayList<>(already);
    for (int n = 0; launched.size() < count; n++) {
      String name =
          pool + "-" + idempotencyKey.replaceFirst("^" + Pattern.quote(pool) + "-", "") + "-" + n;
      if (running.containsKey(name)) {
        continue;
      }
      launched.add(start(pool, name, idempotencyKey));
    }
    return launched.subList(already.size(), launched.size());
  }

  private Instance start(String pool, String name, String key) throws ProviderException {
    Instant now = clock.instant();
    WorkerLaunch launch = launchByPool.get(pool);
    if (launch == null) {
      throw new ProviderException("no pool named '" + pool + "' to launch", false, null);
    }
    List<String> command = new ArrayList<>(workerCommand());
    command.add("worker");
    command.addAll(launch.args());
    // --name is followed by another argument: adoption finds a worker by " --name NAME ".
    command.addAll(List.of("--name", name, "--handler", settings.handler()));
    try {
      // The intent goes to disk before the process exists: a crash in between leaves a record
      // that the next start resolves by the worker's command line, never an unknown process.
      records.write(new Instance(PENDING_PID, name, pool, Instance.Status.PENDING, now, key));
      CrashPoint.reach("launch-intent-written");
      Path logFile = records.logFile(name);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      builder.environment().putAll(launch.environment());
      Process p = builder.start();
      CrashPoint.reach("launch-process-started");
      Instance instance =
          new Instance(String.valueOf(p.pid()), name, pool, Instance.Status.ACTIVE, now, key);
      records.write(instance);
      running.put(name, new Launched(instance, p.toHandle()));
      log.debug("started worker {} (pid {})", name, p.pid());
      return instance;
    } catch (IOException e) {
      throw new ProviderException(
          "cannot start worker process " + name + ": " + e.getMessage(), true, e);
    }
  }

  @Override
  public void destroy(Instance instance) {
    Launched l = running.get(instance.name());
    if (l == null) {
      return;
    }
    ProcessHandle p = l.process();
    // SIGTERM lets the worker finish in-flight work; force it only if it outstays the grace.
    p.destroy();
    p.onExit()
        .completeOnTimeout(p, STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)
        .thenAccept(
            h -> {
              if (h.isAlive()) {
                h.destroyForcibly();
              }
              forget(instance.name());
            });
    running.put(
        instance.name(),
        new Launched(
            new Instance(
                instance.id(),
                instance.name(),
                instance.pool(),
                Instance.Status.STOPPING,
                instance.createdAt(),
                instance.launchKey()),
            p));
  }

  /** Stops every worker (SIGTERM, then force after the grace) and waits until none is left. */
  @Override
  public void close() {
    List<CompletableFuture<ProcessHandle>> exits = new ArrayList<>();
    for (Launched l : running.values()) {
      l.process().destroy();
      exits.add(l.process().onExit());
    }
    try {
      CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new))
          .get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception timedOut) {
      running.values().forEach(l -> l.process().destroyForcibly());
      exits.forEach(f -> f.completeOnTimeout(null, 2, TimeUnit.SECONDS).join());
    }
    running.keySet().forEach(records::delete);
    running.clear();
  }

  private void forget(String name) {
    running.remove(name);
    records.delete(name);
  }

  /** Adopts the workers a previous run launched and that still run; forgets the dead. */
  private void adoptSurvivors() throws IOException {
    for (Instance i : records.readAll()) {
      Optional<ProcessHandle> p =
          (i.id().equals(PENDING_PID)
                  ? ProcessHandle.allProcesses()
                  : ProcessHandle.of(Long.parseLong(i.id())).stream())
              .filter(ProcessHandle::isAlive)
              .filter(
                  h ->
                      CommandLines.of(h)
                          .map(c -> c.contains(" --name " + i.name() + " "))
                          .orElse(false))
              .findFirst();
      if (p.isPresent()) {
        Instance adopted =
            new Instance(
                String.valueOf(p.get().pid()),
                i.name(),
                i.pool(),
                Instance.Status.ACTIVE,
                i.createdAt(),
                i.launchKey());
        records.write(adopted);
        running.put(i.name(), new Launched(adopted, p.get()));
        log.info("adopted worker {} (pid {}) from a previous run", i.name(), adopted.id());
      } else {
        records.delete(i.name());
      }
    }
  }

  private List<String> workerCommand() {
    if (!settings.workerCommand().isEmpty()) {
      return settings.workerCommand();
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(settings.javaOptions());
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.yogurt.cli.Yogurt"));
    return cmd;
  }
}
