package io.yogurt.autoscaler.local;

import io.yogurt.models.CrashPoint;
import io.yogurt.models.Instance;
import io.yogurt.models.Provider;
import io.yogurt.models.ProviderException;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
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
 * launch no duplicate; records that appear there later (another instance sharing the directory,
 * before a takeover) are adopted at the next list.
 *
 * <p>Like supervisord on a droplet, a worker process that exits by itself with an error is started
 * again (same name) after a back-off of 1 s, doubling to 30 s, while its instance stays listed: a
 * worker that keeps crashing is the loop's to replace ({@code crash-loop-losses}).
 */
public final class LocalProcessProvider implements Provider {

  private static final Logger log = LoggerFactory.getLogger(LocalProcessProvider.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final Duration RESTART_FIRST = Duration.ofSeconds(1);
  private static final Duration RESTART_MAX = Duration.ofSeconds(30);

  /** A worker that ran this long before it crashed starts its back-off again from the first. */
  private static final Duration RESTART_RESET = Duration.ofSeconds(60);

  private final LocalSettings settings;
  private final Map<String, WorkerLaunch> launchByPool;
  private final InstantSource clock;
  private final WorkerRecords records;
  private final Map<String, Launched> running = new ConcurrentHashMap<>();
  private final Map<String, Instant> restartDue = new ConcurrentHashMap<>();
  private final Map<String, Integer> crashes = new ConcurrentHashMap<>();
  private long started;
  private FileTime recordsSeen;

  /** The id of a worker whose start was intended but not yet seen through. */
  private static final String PENDING_PID = "pending";

  /**
   * A worker process and what we know of it: {@code process} when this JVM started it (its exit
   * status tells a crash from a clean stop) with the {@code launch} it was started with, both null
   * when adopted.
   */
  record Launched(
      Instance instance,
      ProcessHandle handle,
      Process process,
      WorkerLaunch launch,
      Instant startedAt) {}

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
    this.records =
        new WorkerRecords(
            settings.workersDir().isEmpty()
                ? stateDir.resolve("workers")
                : Path.of(settings.workersDir()));
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
  public synchronized List<Instance> list(String pool) throws ProviderException {
    adoptNewRecords();
    List<Instance> out = new ArrayList<>();
    for (Launched l : running.values()) {
      if (!l.instance().pool().equals(pool)) {
        continue;
      }
      if (!l.handle().isAlive() && !superviseExit(l)) {
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

  /**
   * A worker that exited: restarts it when due if it crashed (true: its instance stays), or says it
   * is gone (false: stopped by us, drained, or adopted with an unknown exit).
   */
  private boolean superviseExit(Launched l) throws ProviderException {
    String name = l.instance().name();
    boolean crashed =
        settings.restart()
            && l.instance().status() != Instance.Status.STOPPING
            && l.process() != null
            && l.process().exitValue() != 0;
    if (!crashed) {
      return false;
    }
    Instant now = clock.instant();
    Instant due = restartDue.get(name);
    if (due == null) {
      if (!l.startedAt().plus(RESTART_RESET).isAfter(now)) {
        crashes.remove(name); // it ran long: a new spell of crashes
      }
      int count = crashes.merge(name, 1, Integer::sum);
      Duration delay = RESTART_FIRST.multipliedBy(1L << Math.min(count - 1, 5));
      delay = delay.compareTo(RESTART_MAX) > 0 ? RESTART_MAX : delay;
      restartDue.put(name, now.plus(delay));
      log.info(
          "worker {} exited with status {}; restarting it in {} ms",
          name,
          l.process().exitValue(),
          delay.toMillis());
      return true;
    }
    if (now.isBefore(due)) {
      return true;
    }
    restartDue.remove(name);
    Instance i = l.instance();
    running.put(name, startProcess(i.pool(), name, i.launchKey(), i.createdAt(), l.launch()));
    return true;
  }

  private Instance start(String pool, String name, String key) throws ProviderException {
    WorkerLaunch launch = launchByPool.get(pool);
    if (launch == null) {
      throw new ProviderException("no pool named '" + pool + "' to launch", false, null);
    }
    Launched l = startProcess(pool, name, key, clock.instant(), onNextBroker(launch));
    running.put(name, l);
    return l.instance();
  }

  /** With {@code local.brokers}, a Majordomo worker's endpoint is the next of them in turn. */
  private WorkerLaunch onNextBroker(WorkerLaunch launch) {
    int at = launch.args().indexOf("--endpoint");
    if (settings.brokers().isEmpty() || at < 0 || at + 1 >= launch.args().size()) {
      return launch;
    }
    List<String> args = new ArrayList<>(launch.args());
    args.set(at + 1, settings.brokers().get((int) (started++ % settings.brokers().size())));
    return new WorkerLaunch(args, launch.environment());
  }

  private Launched startProcess(
      String pool, String name, String key, Instant now, WorkerLaunch launch)
      throws ProviderException {
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
      log.debug("started worker {} (pid {})", name, p.pid());
      return new Launched(instance, p.toHandle(), p, launch, clock.instant());
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
    ProcessHandle p = l.handle();
    restartDue.remove(instance.name());
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
            p,
            l.process(),
            l.launch(),
            l.startedAt()));
  }

  /** Stops every worker (SIGTERM, then force after the grace) and waits until none is left. */
  @Override
  public void close() {
    List<CompletableFuture<ProcessHandle>> exits = new ArrayList<>();
    for (Launched l : running.values()) {
      l.handle().destroy();
      exits.add(l.handle().onExit());
    }
    try {
      CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new))
          .get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception timedOut) {
      running.values().forEach(l -> l.handle().destroyForcibly());
      exits.forEach(f -> f.completeOnTimeout(null, 2, TimeUnit.SECONDS).join());
    }
    running.keySet().forEach(records::delete);
    running.clear();
  }

  private void forget(String name) {
    running.remove(name);
    restartDue.remove(name);
    crashes.remove(name);
    records.delete(name);
  }

  /** Adopts workers whose records appeared since the last look (a shared workers directory). */
  private void adoptNewRecords() throws ProviderException {
    try {
      FileTime changed = records.lastChanged();
      if (changed.equals(recordsSeen)) {
        return;
      }
      recordsSeen = changed;
      adoptSurvivors();
    } catch (IOException e) {
      throw new ProviderException("cannot read the worker records: " + e.getMessage(), true, e);
    }
  }

  /** Adopts the workers a previous run launched and that still run; forgets the dead. */
  private void adoptSurvivors() throws IOException {
    for (Instance i : records.readAll()) {
      if (running.containsKey(i.name())) {
        continue;
      }
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
        running.put(i.name(), new Launched(adopted, p.get(), null, null, clock.instant()));
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
