package io.yogurt.autoscaler.bench;

import io.yogurt.autoscaler.Settings;
import io.yogurt.autoscaler.loop.ControlLoop;
import io.yogurt.autoscaler.loop.PoolSettings;
import io.yogurt.autoscaler.policy.Policies;
import io.yogurt.autoscaler.service.AsyncTickListeners;
import io.yogurt.autoscaler.service.TickEvents;
import io.yogurt.config.ConfigFile;
import io.yogurt.history.HistorySettings;
import io.yogurt.history.WriteBehindHistory;
import io.yogurt.history.embedded.EmbeddedHistory;
import io.yogurt.models.BrokerReading;
import io.yogurt.models.ForecastSource;
import io.yogurt.models.History;
import io.yogurt.models.HistoryException;
import io.yogurt.models.Instance;
import io.yogurt.models.LoadProbe;
import io.yogurt.models.Observation;
import io.yogurt.models.OverrideSource;
import io.yogurt.models.Policy;
import io.yogurt.models.PoolMode;
import io.yogurt.models.PoolSpec;
import io.yogurt.models.Provider;
import io.yogurt.models.Sample;
import io.yogurt.models.Series;
import io.yogurt.models.SeriesQuery;
import io.yogurt.models.ServiceLoad;
import io.yogurt.models.WorkerControl;
import io.yogurt.models.WorkerStatus;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Tick latency of the production loop with 10 pools, and the memory it holds after an hour of
 * ticks. Brokers and provider are in-memory stand-ins (no provider I/O); the history is the real
 * embedded store on disk and the tick events real files, both written behind the tick as in {@code
 * yogurt run} (WriteBehindHistory, AsyncTickListeners). Two runs: as is, and with 20 ms injected
 * into every history write and every tick-event write (a slow disk), after an unreported warm-up
 * run. Prints figures; asserts nothing.
 *
 * <pre>
 * mvn -B -q -DskipTests install
 * java -Xss512k -XX:+UseSerialGC \
 *   -cp "autoscaler/service/target/test-classes:autoscaler/service/target/yogurt.jar:autoscaler/service/target/dist/lib/*" \
 *   io.yogurt.autoscaler.bench.TickBenchmark [ticks] [tick-seconds]
 * </pre>
 */
public final class TickBenchmark {

  private static final int POOLS = 10;

  public static void main(String[] args) throws Exception {
    int ticks = args.length > 0 ? Integer.parseInt(args[0]) : 3600;
    Duration tick = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 1);
    // A run first that is not reported: without it the first measured run also pays the JIT's
    // warm-up beyond the ticks each run leaves out, and the two runs are not alike.
    run(null, Math.min(ticks, 1000), tick, Duration.ZERO);
    run("disk as is", ticks, tick, Duration.ZERO);
    run("20 ms injected per write", ticks, tick, Duration.ofMillis(20));
    System.gc();
    System.out.printf(
        Locale.ROOT,
        "memory after the runs: heap used %.1f MB, RSS %s%n",
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6,
        rss());
  }

  private static void run(String label, int ticks, Duration tick, Duration writeLatency)
      throws Exception {
    Path dir = Files.createTempDirectory("yogurt-tick-bench");
    Settings defaults = Settings.load(ConfigFile.none());
    PoolSpec template = defaults.pools().get(0).spec();
    List<PoolSettings> pools = new ArrayList<>();
    Map<String, Policy> policies = new LinkedHashMap<>();
    for (int p = 0; p < POOLS; p++) {
      PoolSpec spec =
          new PoolSpec(
              "pool" + p,
              "svc" + p,
              1,
              50,
              template.capacityPerWorker(),
              template.targetUtilization(),
              template.scaleInStabilization(),
              template.maxStepUp(),
              template.maxStepDown(),
              template.bootGrace(),
              template.drainDeadline(),
              template.scaleInCooldown());
      pools.add(new PoolSettings(spec, "reactive", PoolMode.LIVE, 2));
      policies.put(spec.name(), Policies.byName("reactive", 2, defaults.loop().backlogTarget()));
    }
    World world = new World(pools, tick);
    long[] nanos = new long[ticks];
    TickEvents events = new TickEvents(dir, 14);
    try (WriteBehindHistory history =
            new WriteBehindHistory(
                new SlowHistory(EmbeddedHistory.open(dir, HistorySettings.DEFAULT), writeLatency),
                10_000);
        AsyncTickListeners writers =
            new AsyncTickListeners(
                List.of(
                    r -> {
                      pause(writeLatency);
                      events.onTick(r);
                    }),
                1000)) {
      ControlLoop loop =
          new ControlLoop(
              defaults.loop(),
              pools,
              policies,
              world,
              world,
              world,
              history,
              ForecastSource.NONE,
              OverrideSource.NONE,
              List.of(writers));
      Instant now = Instant.parse("2026-11-01T00:00:00Z");
      for (int i = 0; i < ticks; i++) {
        now = now.plus(tick);
        world.now = now;
        long t0 = System.nanoTime();
        loop.tick(now);
        nanos[i] = System.nanoTime() - t0;
      }
    }
    if (label == null) {
      return;
    }
    long[] steady =
        Arrays.copyOfRange(nanos, Math.min(100, ticks / 10), ticks); // after JIT warm-up
    Arrays.sort(steady);
    System.out.printf(
        Locale.ROOT,
        "%s: %d ticks x %s simulated (%d pools, %d instances at the end, history on disk)%n",
        label,
        ticks,
        tick,
        POOLS,
        world.instances.size());
    System.out.printf(
        Locale.ROOT,
        "%s: tick latency p50 %.2f ms, p99 %.2f ms, max %.2f ms (first %d ticks excluded)%n",
        label,
        pct(steady, 0.50),
        pct(steady, 0.99),
        steady[steady.length - 1] / 1e6,
        ticks - steady.length);
  }

  private static void pause(Duration d) {
    if (!d.isZero()) {
      LockSupport.parkNanos(d.toNanos());
    }
  }

  /** A history on a slow disk: every write waits first. */
  private record SlowHistory(History inner, Duration latency) implements History {
    @Override
    public void append(List<Sample> samples) throws HistoryException {
      pause(latency);
      inner.append(samples);
    }

    @Override
    public Series read(SeriesQuery query) throws HistoryException {
      return inner.read(query);
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  private static double pct(long[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
  }

  private static String rss() throws Exception {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("VmRSS"))
        .map(l -> l.replaceAll("\\s+", " ").substring(7))
        .findFirst()
        .orElse("unknown");
  }

  /** Ten services with a daily-shaped load; instances boot 30 s after launch. */
  private static final class World implements LoadProbe, WorkerControl, Provider {
    final Map<String, Instance> instances = new LinkedHashMap<>();
    final Map<String, String> serviceOf = new LinkedHashMap<>();
    final Duration tick;
    Instant now;
    long seq;

    World(List<PoolSettings> pools, Duration tick) {
      pools.forEach(p -> serviceOf.put(p.spec().name(), p.spec().service()));
      this.tick = tick;
    }

    @Override
    public Observation observe(Instant at) {
      List<ServiceLoad> loads = new ArrayList<>();
      int p = 0;
      for (Map.Entry<String, String> pool : serviceOf.entrySet()) {
        double phase = (at.getEpochSecond() % 3600) / 3600.0 * 2 * Math.PI + p++;
        long arrivals = Math.round((40 + 35 * Math.sin(phase)) * tick.toSeconds());
        List<WorkerStatus> workers = new ArrayList<>();
        for (Instance i : instances.values()) {
          if (i.pool().equals(pool.getKey()) && !i.createdAt().plusSeconds(30).isAfter(at)) {
            workers.add(
                new WorkerStatus(
                    i.name(), pool.getValue(), WorkerStatus.State.IDLE, Duration.ofSeconds(1), 0));
          }
        }
        loads.add(new ServiceLoad(pool.getValue(), 0, 0, arrivals, arrivals, workers));
      }
      return new Observation(at, List.of(BrokerReading.reachable("tcp://bench", loads)));
    }

    @Override
    public boolean drain(String identity) {
      return true;
    }

    @Override
    public List<Instance> list(String pool) {
      return instances.values().stream().filter(i -> i.pool().equals(pool)).toList();
    }

    @Override
    public List<Instance> launch(String pool, int count, String key) {
      List<Instance> out = new ArrayList<>();
      for (int n = 0; n < count; n++) {
        Instance i =
            new Instance("id" + seq, pool + "-" + seq++, pool, Instance.Status.ACTIVE, now, key);
        instances.put(i.name(), i);
        out.add(i);
      }
      return out;
    }

    @Override
    public void destroy(Instance instance) {
      instances.remove(instance.name());
    }

    @Override
    public void close() {}
  }
}
