package io.yogurt.provider.supervisor;

import io.yogurt.models.Instance;
import io.yogurt.models.Provider;
import io.yogurt.models.ProviderException;
import io.yogurt.models.WorkerProcess;
import io.yogurt.provider.supervisor.SlotRecords.Slot;
import io.yogurt.provider.supervisor.SupervisorException.Kind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instances as worker processes on servers a team owns, each host running supervisord. A pool's
 * workers run as one supervisord program per host ({@code yogurt-<pool>}) with {@code numprocs}
 * process slots named {@code <pool>-<host>-NN}; a slot's process name is the instance's name and
 * the worker's socket identity. Launching starts free slots by name, spread over the hosts by free
 * slots (within each host's {@code max-workers}); destroying stops one (its worker drains on
 * SIGTERM). supervisord restarts a crashed worker; its states and restarts are reported on each
 * instance ({@link WorkerProcess}) for the loop's healing. A host that does not answer keeps its
 * instances, marked unreachable; one that refuses (credentials) is asked again only after {@code
 * recheck-after}. Closing leaves the workers running: the next start adopts them.
 */
public final class SupervisorProvider implements Provider {

  private static final Logger log = LoggerFactory.getLogger(SupervisorProvider.class);

  private final SupervisorSettings settings;
  private final Map<String, SupervisorApi> apis;
  private final Set<String> pools;
  private final InstantSource clock;
  private final SlotRecords records;
  private final Supplier<Set<String>> outOfRotation;

  /** The last look at each host, by host name. */
  private final Map<String, HostView> views = new ConcurrentHashMap<>();

  /** Restart tracking per {@code host/name}. */
  private final Map<String, Starts> starts = new HashMap<>();

  /** Hosts that refused, and when to ask them again. */
  private final Map<String, Instant> askAgainAt = new HashMap<>();

  /** What one look at a host found: its processes, or why there are none. */
  private record HostView(List<ProcessInfo> processes, SupervisorException problem) {
    boolean answered() {
      return processes != null;
    }
  }

  /** The last start time seen of a slot's process, and how often it changed. */
  private record Starts(long lastStart, int restarts) {}

  /**
   * @param pools the configured pools (their programs count toward each host's max-workers)
   * @param outOfRotation names of the hosts a person took out of rotation (no new workers there)
   */
  public static SupervisorProvider create(
      SupervisorSettings settings,
      Set<String> pools,
      Path stateDir,
      InstantSource clock,
      Supplier<Set<String>> outOfRotation)
      throws IOException {
    Map<String, SupervisorApi> apis = new LinkedHashMap<>();
    for (HostSettings h : settings.hosts()) {
      apis.put(
          h.name(), new XmlRpcSupervisor(h, settings.connectTimeout(), settings.requestTimeout()));
    }
    return new SupervisorProvider(settings, apis, pools, stateDir, clock, outOfRotation);
  }

  SupervisorProvider(
      SupervisorSettings settings,
      Map<String, SupervisorApi> apis,
      Set<String> pools,
      Path stateDir,
      InstantSource clock,
      Supplier<Set<String>> outOfRotation)
      throws IOException {
    this.settings = settings;
    this.apis = Map.copyOf(apis);
    this.pools = Set.copyOf(pools);
    this.clock = clock;
    this.records = new SlotRecords(stateDir.resolve("supervisor"));
    this.outOfRotation = outOfRotation;
  }

  @Override
  public synchronized List<Instance> list(String pool) {
    look();
    return instances(pool);
  }

  @Override
  public synchronized List<Instance> launch(String pool, int count, String idempotencyKey)
      throws ProviderException {
    look();
    long already =
        instances(pool).stream().filter(i -> i.launchKey().equals(idempotencyKey)).count();
    int need = count - (int) already;
    if (need <= 0) {
      return List.of();
    }
    Map<String, List<String>> freeSlots = new LinkedHashMap<>();
    List<String> why = new ArrayList<>();
    Set<String> resting = outOfRotation.get();
    for (HostSettings host : settings.hosts()) {
      room(host, pool, resting).ifPresentOrElse(s -> freeSlots.put(host.name(), s), () -> {});
      if (!freeSlots.containsKey(host.name())) {
        why.add(whyNoRoom(host, pool, resting));
      }
    }
    Map<String, Integer> plan =
        Placement.spread(
            freeSlots.entrySet().stream()
                .collect(
                    Collectors.toMap(
                        Map.Entry::getKey,
                        e -> e.getValue().size(),
                        (a, b) -> a,
                        LinkedHashMap::new)),
            need);
    if (plan.isEmpty()) {
      throw new ProviderException(
          "pool "
              + pool
              + ": no free slot on any host ("
              + String.join("; ", why)
              + "); expected a host in rotation with a free slot of program "
              + settings.programOf(pool)
              + ": add a host, raise its max-workers (and numprocs), or lower pools."
              + pool
              + ".max",
          false);
    }
    List<Instance> launched = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Instant now = clock.instant();
    for (Map.Entry<String, Integer> e : plan.entrySet()) {
      for (String name : freeSlots.get(e.getKey()).subList(0, e.getValue())) {
        Slot slot = new Slot(e.getKey(), name, pool, idempotencyKey, now);
        try {
          launched.add(start(slot));
        } catch (SupervisorException failed) {
          errors.add(failed.getMessage());
          break; // the host's next slots would fail the same way
        }
      }
    }
    if (launched.isEmpty()) {
      throw new ProviderException(String.join("; ", errors), true);
    }
    errors.forEach(m -> log.warn("pool {}: {}", pool, m));
    return launched;
  }

  private Instance start(Slot slot) throws SupervisorException {
    // The intent goes to disk first: after a crash, the next look finds the slot running and
    // knows its launch key, or finds it stopped and forgets the intent.
    records.write(slot);
    starts.remove(slot.host() + "/" + slot.name());
    String fullName = settings.programOf(slot.pool()) + ":" + slot.name();
    try {
      apis.get(slot.host()).start(fullName);
    } catch (SupervisorException e) {
      if (e.faultCode() != SupervisorApi.ALREADY_STARTED) {
        records.delete(slot.host(), slot.name());
        throw e;
      }
    }
    log.debug("started {} on {}", slot.name(), slot.host());
    return instance(
        slot,
        Instance.Status.ACTIVE,
        new WorkerProcess(WorkerProcess.State.RUNNING, 0, "starting"));
  }

  @Override
  public synchronized void destroy(Instance instance) throws ProviderException {
    int slash = instance.id().indexOf('/');
    String host = slash < 0 ? "" : instance.id().substring(0, slash);
    SupervisorApi api = apis.get(host);
    if (api != null) {
      try {
        api.stop(instance.id().substring(slash + 1));
      } catch (SupervisorException e) {
        boolean gone =
            e.faultCode() == SupervisorApi.NOT_RUNNING || e.faultCode() == SupervisorApi.BAD_NAME;
        if (!gone) {
          throw new ProviderException(
              "cannot stop " + instance.name() + ": " + e.getMessage(),
              e.kind() == Kind.UNREACHABLE);
        }
      }
    }
    records.delete(host, instance.name());
    records.stopped(host, instance.name(), clock.instant());
    starts.remove(host + "/" + instance.name());
  }

  /** Every host as last seen, for {@code status}; asks no host. */
  public List<HostReport> hosts() {
    Set<String> resting = outOfRotation.get();
    List<HostReport> out = new ArrayList<>();
    for (HostSettings h : settings.hosts()) {
      HostView v = views.get(h.name());
      List<String> running = new ArrayList<>();
      List<String> failed = new ArrayList<>();
      int workers = 0;
      if (v != null && v.answered()) {
        Set<String> recorded = recordedNames(h.name());
        for (ProcessInfo p : yogurtProcesses(v)) {
          if (p.state().alive()) {
            workers++;
          }
          if (p.state() == ProcessState.RUNNING) {
            running.add(p.name() + " (up " + uptime(p.uptimeSeconds()) + ")");
          } else if (p.state() == ProcessState.BACKOFF
              || (recorded.contains(p.name())
                  && (p.state() == ProcessState.FATAL || p.state() == ProcessState.EXITED))) {
            failed.add(p.name() + ": " + describe(p));
          }
        }
      }
      String state =
          v == null
              ? "unknown"
              : !v.answered()
                  ? (v.problem().kind() == Kind.UNREACHABLE ? "unreachable" : "refused")
                  : resting.contains(h.name()) ? "out of rotation" : "ok";
      String detail = v != null && !v.answered() ? v.problem().getMessage() : "";
      out.add(
          new HostReport(
              h.name(),
              h.url().toString(),
              state,
              detail,
              h.maxWorkers(),
              workers,
              running,
              failed));
    }
    return out;
  }

  /** Asks every host (in parallel) what it runs, except refusing ones until their recheck. */
  private void look() {
    Instant now = clock.instant();
    Map<String, CompletableFuture<List<ProcessInfo>>> asks = new LinkedHashMap<>();
    for (HostSettings h : settings.hosts()) {
      Instant again = askAgainAt.get(h.name());
      if (again == null || !now.isBefore(again)) {
        asks.put(h.name(), apis.get(h.name()).processes());
      }
    }
    Duration bound = settings.connectTimeout().plus(settings.requestTimeout()).plusSeconds(1);
    for (Map.Entry<String, CompletableFuture<List<ProcessInfo>>> e : asks.entrySet()) {
      String host = e.getKey();
      HostView view;
      try {
        List<ProcessInfo> processes = e.getValue().get(bound.toMillis(), TimeUnit.MILLISECONDS);
        view = new HostView(List.copyOf(processes), null);
        askAgainAt.remove(host);
        countRestarts(host, processes);
      } catch (ExecutionException | TimeoutException failed) {
        SupervisorException problem =
            failed instanceof TimeoutException
                ? new SupervisorException(
                    Kind.UNREACHABLE,
                    settings.host(host).orElseThrow().where() + ": does not answer (timeout)")
                : XmlRpcSupervisor.unwrap(failed.getCause());
        view = new HostView(null, problem);
        if (problem.kind() != Kind.UNREACHABLE) {
          askAgainAt.put(host, now.plus(settings.recheckAfter()));
        }
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return;
      }
      HostView before = views.put(host, view);
      logChange(host, before, view);
    }
  }

  private static void logChange(String host, HostView before, HostView now) {
    boolean wasOk = before == null || before.answered();
    if (wasOk && !now.answered()) {
      log.warn("supervisor host {}: {}", host, now.problem().getMessage());
    } else if (!wasOk && now.answered()) {
      log.info("supervisor host {} answers again", host);
    }
  }

  /** A slot's start time that changed since the last look is a restart by supervisord. */
  private void countRestarts(String host, List<ProcessInfo> processes) {
    for (ProcessInfo p : processes) {
      if (!isYogurtProgram(p.group()) || p.start() <= 0) {
        continue;
      }
      starts.merge(
          host + "/" + p.name(),
          new Starts(p.start(), 0),
          (old, fresh) ->
              old.lastStart() == p.start() ? old : new Starts(p.start(), old.restarts() + 1));
    }
  }

  private List<Instance> instances(String pool) {
    String program = settings.programOf(pool);
    List<Instance> out = new ArrayList<>();
    for (HostSettings h : settings.hosts()) {
      Map<String, Slot> recorded =
          records.of(h.name()).stream()
              .filter(s -> s.pool().equals(pool))
              .collect(Collectors.toMap(Slot::name, Function.identity()));
      HostView v = views.get(h.name());
      if (v == null || !v.answered()) {
        String why = v == null ? "not asked yet" : v.problem().getMessage();
        for (Slot s : recorded.values()) {
          out.add(
              instance(
                  s,
                  Instance.Status.ACTIVE,
                  new WorkerProcess(WorkerProcess.State.UNREACHABLE, 0, why)));
        }
        continue;
      }
      for (ProcessInfo p : v.processes()) {
        if (!p.group().equals(program)) {
          continue;
        }
        Slot s = recorded.remove(p.name());
        if (p.state().alive()) {
          if (s == null) {
            // Running, but not started by this Yogurt's records: a crash lost the record, or
            // another Yogurt started it. Adopt it, aged by its uptime.
            s =
                new Slot(
                    h.name(), p.name(), pool, "", clock.instant().minusSeconds(p.uptimeSeconds()));
            records.write(s);
            log.info("adopted {} running on {}", p.name(), h.name());
          }
          out.add(instance(s, Instance.Status.ACTIVE, process(h.name(), p)));
        } else if (s != null && p.state() == ProcessState.STOPPING) {
          out.add(instance(s, Instance.Status.STOPPING, process(h.name(), p)));
        } else if (s != null
            && (p.state() == ProcessState.FATAL || p.state() == ProcessState.EXITED)) {
          out.add(instance(s, Instance.Status.ACTIVE, process(h.name(), p)));
        } else if (s != null) {
          records.delete(h.name(), s.name()); // stopped by hand, or a start a crash cut short
        }
      }
      // Slots recorded for a process the program no longer has: the program was changed.
      recorded.values().forEach(s -> records.delete(h.name(), s.name()));
    }
    out.sort(Comparator.comparing(Instance::createdAt).thenComparing(Instance::name));
    return out;
  }

  private Instance instance(Slot s, Instance.Status status, WorkerProcess process) {
    return new Instance(
        s.host() + "/" + settings.programOf(s.pool()) + ":" + s.name(),
        s.name(),
        s.pool(),
        status,
        s.createdAt(),
        s.launchKey(),
        process);
  }

  private WorkerProcess process(String host, ProcessInfo p) {
    Starts s = starts.get(host + "/" + p.name());
    int restarts = s == null ? 0 : s.restarts();
    WorkerProcess.State state =
        switch (p.state()) {
          case BACKOFF -> WorkerProcess.State.RESTARTING;
          case FATAL -> WorkerProcess.State.FAILED;
          case EXITED -> WorkerProcess.State.EXITED;
          default -> WorkerProcess.State.RUNNING;
        };
    return new WorkerProcess(state, restarts, describe(p));
  }

  private static String describe(ProcessInfo p) {
    return switch (p.state()) {
      // supervisord leaves the exit status at 0 for a process that dies while starting.
      case BACKOFF, FATAL ->
          p.state() + ": " + (p.spawnError().isEmpty() ? p.description() : p.spawnError());
      case EXITED -> "EXITED with status " + p.exitStatus() + ", not restarted";
      default -> p.state() + (p.description().isEmpty() ? "" : ": " + p.description());
    };
  }

  /** The free slots of a pool's program on a host to use first, if it may take a worker now. */
  private Optional<List<String>> room(HostSettings h, String pool, Set<String> resting) {
    HostView v = views.get(h.name());
    if (v == null || !v.answered() || resting.contains(h.name())) {
      return Optional.empty();
    }
    Set<String> recorded = recordedNames(h.name());
    List<ProcessInfo> free =
        v.processes().stream()
            .filter(p -> p.group().equals(settings.programOf(pool)))
            .filter(p -> !p.state().alive() && p.state() != ProcessState.STOPPING)
            .filter(p -> !recorded.contains(p.name()))
            .toList();
    int room = Math.min(free.size(), h.maxWorkers() - used(h.name(), v));
    return room <= 0
        ? Optional.empty()
        : Optional.of(Placement.leastRecentlyStopped(free, room, records.stoppedAt(h.name())));
  }

  /** One part of the "no free slot" message: why this host takes no worker now. */
  private String whyNoRoom(HostSettings h, String pool, Set<String> resting) {
    HostView v = views.get(h.name());
    if (v == null || !v.answered()) {
      return v == null ? h.name() + " not asked yet" : v.problem().getMessage();
    }
    if (resting.contains(h.name())) {
      return h.name() + " out of rotation";
    }
    String program = settings.programOf(pool);
    long slots = v.processes().stream().filter(p -> p.group().equals(program)).count();
    if (slots == 0) {
      return h.name()
          + " has no program "
          + program
          + " (expected a [program:"
          + program
          + "] with numprocs slots; see yogurt hosts install)";
    }
    int used = used(h.name(), v);
    return h.name()
        + " full: "
        + used
        + " of max-workers "
        + h.maxWorkers()
        + " in use, program "
        + program
        + " has "
        + slots
        + " slots";
  }

  /** Yogurt workers on a host, all pools: running, restarting, or failed but still recorded. */
  private int used(String host, HostView v) {
    Set<String> recorded = recordedNames(host);
    return (int)
        yogurtProcesses(v).stream()
            .filter(p -> p.state().alive() || recorded.contains(p.name()))
            .count();
  }

  private List<ProcessInfo> yogurtProcesses(HostView v) {
    return v.processes().stream().filter(p -> isYogurtProgram(p.group())).toList();
  }

  private boolean isYogurtProgram(String group) {
    return pools.stream().anyMatch(p -> settings.programOf(p).equals(group));
  }

  private Set<String> recordedNames(String host) {
    return records.of(host).stream().map(Slot::name).collect(Collectors.toSet());
  }

  private static String uptime(long seconds) {
    Duration d = Duration.ofSeconds(seconds);
    return d.toHours() > 0
        ? d.toHours() + "h" + d.toMinutesPart() + "m"
        : d.toMinutes() + "m" + d.toSecondsPart() + "s";
  }
}
