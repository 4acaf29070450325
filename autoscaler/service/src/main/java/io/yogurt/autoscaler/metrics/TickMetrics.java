package io.yogurt.autoscaler.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.yogurt.models.TickListener;
import io.yogurt.models.TickReport;
import io.yogurt.models.TickReport.PoolTick;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * Turns every tick report into Prometheus metrics: per pool what was seen and wanted, actions and
 * errors as counters, each source's health as a 0/1 gauge, the tick's duration and when the last
 * one ran. Names follow Prometheus' rules (units in the name, counters end in {@code _total}); the
 * list and the renames are in docs/monitoring.md.
 */
public final class TickMetrics implements TickListener {

  private final MeterRegistry registry;
  private final Timer tickDuration;
  private final Map<String, AtomicReference<PoolTick>> lastByPool = new ConcurrentHashMap<>();
  private final Map<String, AtomicReference<Boolean>> sourceUp = new ConcurrentHashMap<>();
  private final AtomicReference<Double> lastTickEpoch = new AtomicReference<>(Double.NaN);

  public TickMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.tickDuration =
        Timer.builder("yogurt.tick.duration").description("time one tick took").register(registry);
    Gauge.builder("yogurt.last.tick.timestamp", lastTickEpoch, AtomicReference::get)
        .baseUnit("seconds")
        .description("when the last tick ran, seconds since the epoch")
        .register(registry);
  }

  @Override
  public void onTick(TickReport report) {
    tickDuration.record(report.took());
    lastTickEpoch.set(report.at().toEpochMilli() / 1000.0);
    for (PoolTick p : report.pools()) {
      poolGauges(p.pool()).set(p);
      Tags tags = Tags.of("pool", p.pool());
      Counter.builder("yogurt.actions")
          .tags(tags)
          .description("actions taken")
          .register(registry)
          .increment(p.actionsTaken().size());
      Counter.builder("yogurt.tick.errors")
          .tags(tags)
          .description("errors met in ticks")
          .register(registry)
          .increment(p.errors().size());
    }
    for (TickReport.SourceStatus s : report.sources()) {
      sourceUp
          .computeIfAbsent(
              s.name(),
              name -> {
                AtomicReference<Boolean> up = new AtomicReference<>(true);
                Gauge.builder("yogurt.source.up", up, r -> r.get() ? 1 : 0)
                    .tag("source", name)
                    .description("1 when the source works, 0 when the loop degrades around it")
                    .register(registry);
                return up;
              })
          .set(s.ok());
    }
  }

  private AtomicReference<PoolTick> poolGauges(String pool) {
    return lastByPool.computeIfAbsent(
        pool,
        name -> {
          AtomicReference<PoolTick> last = new AtomicReference<>();
          Tags tags = Tags.of("pool", name);
          gauge(
              "yogurt.pool.instances",
              tags,
              last,
              p -> p.instances(),
              "instances the provider lists");
          gauge(
              "yogurt.pool.desired",
              tags,
              last,
              p -> p.decision() == null ? Double.NaN : p.decision().desired(),
              "size the loop wants");
          gauge(
              "yogurt.pool.queued", tags, last, p -> p.queued(), "requests waiting at the brokers");
          gauge(
              "yogurt.pool.arrivals.per.second",
              tags,
              last,
              PoolTick::arrivalsPerSecond,
              "requests arriving per second, as the last tick saw them");
          gauge(
              "yogurt.pool.forecast.arrivals.per.second",
              tags,
              last,
              PoolTick::forecastPerSecond,
              "forecast requests per second for now (NaN without a forecast)");
          gauge(
              "yogurt.pool.workers.live",
              tags,
              last,
              p -> p.workersLive(),
              "workers with a live heartbeat");
          gauge(
              "yogurt.pool.workers.busy",
              tags,
              last,
              p -> p.workersBusy(),
              "workers serving a request");
          return last;
        });
  }

  private void gauge(
      String name,
      Tags tags,
      AtomicReference<PoolTick> last,
      ToDoubleFunction<PoolTick> value,
      String description) {
    Gauge.builder(name, last, r -> r.get() == null ? Double.NaN : value.applyAsDouble(r.get()))
        .tags(tags)
        .description(description)
        .register(registry);
  }
}
