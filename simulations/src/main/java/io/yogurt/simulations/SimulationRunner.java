package io.yogurt.simulations;

import io.yogurt.models.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a controller over a world second by second: the clock moves, the controller ticks at its
 * period, the broker serves, and every minute becomes a {@link MinuteRow}. No threads, no sleeps: a
 * month runs in seconds.
 */
public final class SimulationRunner {

  private static final Duration STEP = Duration.ofSeconds(1);
  private static final int PROGRESS_EVERY = 3600;

  private final Progress progress;

  public SimulationRunner(Progress progress) {
    this.progress = progress;
  }

  /** Runs {@code controller} every {@code tick} over the whole schedule. */
  public SimulationResult run(
      String name, SimulatedWorld world, Controller controller, Duration tick) {
    long tickSeconds = Math.max(1, tick.toSeconds());
    ArrivalSchedule arrivals = world.arrivals();
    SimulatedBroker broker = world.broker();
    SimulatedProvider provider = world.provider();
    double perWorker = broker.capacityPerWorker();
    double sla = world.settings().slaWait().toMillis() / 1000.0;
    double slaPercentile = world.settings().slaPercentile();

    WaitHistogram all = new WaitHistogram();
    WaitHistogram minute = new WaitHistogram();
    List<MinuteRow> rows = new ArrayList<>(arrivals.seconds() / 60 + 1);
    double forecast = Double.NaN;
    long arrived = 0;
    long served = 0;
    long dropped = 0;
    long workerSeconds = 0;
    int secondsInMinute = 0;
    int actionsBefore = world.actions();
    int violations = 0;
    int n = arrivals.seconds();
    for (int s = 0; s < n; s++) {
      Instant t = arrivals.start().plusSeconds(s);
      world.clock().set(t);
      if (s % tickSeconds == 0) {
        forecast = controller.tick(t).forecastPerSecond();
      }
      SimulatedBroker.Step step = broker.step(t, STEP, arrivals.at(s), minute);
      arrived += step.arrived();
      served += step.served();
      dropped += step.dropped();
      workerSeconds += step.serving();
      secondsInMinute++;
      if (secondsInMinute == 60 || s == n - 1) {
        Instant end = t.plus(STEP);
        double demand = arrived / (double) secondsInMinute;
        double workers = workerSeconds / (double) secondsInMinute;
        // A queue that served nobody still violates the SLA if its head has waited too long.
        double oldest = step.queued() > 0 ? broker.oldestWaitSeconds(end) : 0;
        double p95 = Math.max(minute.percentile(slaPercentile), oldest);
        boolean violated = p95 > sla;
        if (violated) {
          violations++;
        }
        int actions = world.actions();
        rows.add(
            new MinuteRow(
                end.minus(Duration.ofSeconds(secondsInMinute)),
                demand,
                workers * perWorker,
                workers,
                (int) Math.ceil(demand / perWorker - 1e-9),
                provider.aliveCount(),
                step.queued(),
                p95,
                served,
                dropped,
                actions - actionsBefore,
                forecast,
                provider.cost(end),
                violated));
        actionsBefore = actions;
        all.addAll(minute);
        minute.clear();
        arrived = served = dropped = workerSeconds = 0;
        secondsInMinute = 0;
      }
      if (s % PROGRESS_EVERY == 0) {
        progress.update(name, s, n);
      }
    }
    progress.update(name, n, n);
    Instant end = arrivals.end();
    broker.recordWaiting(end, all);
    return new SimulationResult(name, summarize(world, rows, all, violations, end), rows);
  }

  private static Summary summarize(
      SimulatedWorld world,
      List<MinuteRow> rows,
      WaitHistogram waits,
      int violations,
      Instant end) {
    SimulatedProvider provider = world.provider();
    SimulatedBroker broker = world.broker();
    ElasticityMetrics e = ElasticityMetrics.of(rows);
    int minutes = rows.size();
    return new Summary(
        provider.billedSeconds(end) / 3600.0,
        provider.cost(end),
        broker.arrivedTotal(),
        broker.servedTotal(),
        broker.droppedTotal(),
        broker.queued(),
        waits.mean(),
        waits.percentile(0.50),
        waits.percentile(0.95),
        waits.percentile(0.99),
        minutes,
        violations,
        minutes == 0 ? 0 : 100.0 * violations / minutes,
        e.underMinutes,
        e.overMinutes,
        e.underTimePct,
        e.overTimePct,
        e.underAccuracyPct,
        e.overAccuracyPct,
        e.instabilityPct,
        world.actions(),
        provider.failedLaunches(),
        Double.NaN);
  }
}
