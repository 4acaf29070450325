package io.yogurt.autoscaler.bench;

import com.sun.management.OperatingSystemMXBean;
import io.yogurt.autoscaler.Settings;
import io.yogurt.autoscaler.loop.PoolSettings;
import io.yogurt.autoscaler.simulate.Replay;
import io.yogurt.autoscaler.tune.Sweep;
import io.yogurt.autoscaler.tune.TuneRun;
import io.yogurt.config.ConfigFile;
import io.yogurt.config.trace.Trace;
import io.yogurt.config.trace.TraceFormat;
import io.yogurt.config.trace.TraceReader;
import io.yogurt.models.Progress;
import io.yogurt.simulations.SimulationResult;
import io.yogurt.simulations.SimulationSettings;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Prints how long replays take, wall and CPU (the machine is shared, so the CPU time is the
 * steadier figure): the production forecasts recorded over a span (selection, refits,
 * recalibrations, quality gate), one run of each policy through the production loop over it, and a
 * whole tune. Asserts nothing. Run (after {@code mvn -DskipTests install}):
 *
 * <pre>
 * java -Xss512k -XX:+UseSerialGC -cp "autoscaler/service/target/test-classes:autoscaler/service/target/yogurt.jar:autoscaler/service/target/dist/lib/*" \
 *   io.yogurt.autoscaler.bench.ReplayBenchmark CONFIG TRACE FROM DAYS [TUNE_DAYS]
 * </pre>
 */
public final class ReplayBenchmark {

  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private ReplayBenchmark() {}

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.load(ConfigFile.read(Path.of(args[0])));
    Trace trace =
        new TraceReader(new TraceFormat(null, null, ZoneOffset.UTC, false)).read(Path.of(args[1]));
    Instant from = Instant.parse(args[2] + "T00:00:00Z");
    Duration days = Duration.ofDays(Long.parseLong(args[3]));
    PoolSettings pool = settings.pools().get(0);
    SimulationSettings sim =
        settings.simulation().withSla(pool.spec().slo().maxWait(), pool.spec().slo().percentile());
    double capacity = sim.capacity() > 0 ? sim.capacity() : pool.spec().capacityPerWorker();
    System.out.printf(
        Locale.ROOT,
        "machine: %d cores, load average %.1f, java %s%n",
        Runtime.getRuntime().availableProcessors(),
        OS.getSystemLoadAverage(),
        System.getProperty("java.version"));
    Replay replay =
        Replay.of(
            trace,
            from,
            from.plus(days),
            sim,
            capacity,
            pool,
            settings.loop(),
            settings.forecast(),
            Progress.NONE);
    long[] t = start();
    String track = replay.forecasts().summary();
    report("forecasts recorded over " + days.toDays() + " days (" + track + ")", t);
    for (String policy : new String[] {"reactive", "predictive"}) {
      PoolSettings p = new PoolSettings(pool.spec(), policy, pool.mode(), pool.staticSize());
      t = start();
      SimulationResult r = replay.simulations(p).run(policy);
      report(
          String.format(
              Locale.ROOT,
              "%s run through the production loop over %d days (%d minutes, cost %.2f,"
                  + " SLA-violating %.3f%%)",
              policy,
              days.toDays(),
              r.summary().minutes(),
              r.summary().cost(),
              r.summary().slaViolationPct()),
          t);
    }
    if (args.length > 4) {
      Duration since = Duration.ofDays(Long.parseLong(args[4]));
      t = start();
      TuneRun.Outcome o = TuneRun.onTrace(settings, pool, trace, from, since, 2);
      report(
          String.format(
              Locale.ROOT,
              "tune over %d days x %d settings before %s (chose %s)",
              since.toDays(),
              Sweep.of(pool.spec()).size(),
              from,
              o.choice().point().margins().label()),
          t);
    }
  }

  private static long[] start() {
    return new long[] {System.nanoTime(), OS.getProcessCpuTime()};
  }

  private static void report(String what, long[] t) {
    System.out.printf(
        Locale.ROOT,
        "%-120s wall %7.1f s  cpu %7.1f s  (load %.1f)%n",
        what,
        (System.nanoTime() - t[0]) / 1e9,
        (OS.getProcessCpuTime() - t[1]) / 1e9,
        OS.getSystemLoadAverage());
  }
}
