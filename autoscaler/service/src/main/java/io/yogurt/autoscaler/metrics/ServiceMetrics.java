package io.yogurt.autoscaler.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.yogurt.models.ProviderCallStats;
import io.yogurt.models.TickListener;
import io.yogurt.models.TickReport;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The service's metrics beside the ticks': build info, the JVM and the process (Micrometer's
 * binders), the HA role, the provider's API calls, the history outbox and the forecast model in
 * force per service. Each is read when Prometheus scrapes, except the models, refreshed every tick.
 */
public final class ServiceMetrics implements AutoCloseable {

  private final MeterRegistry registry;
  private final JvmGcMetrics gc = new JvmGcMetrics();

  /** Binds build info, JVM and process metrics. */
  public ServiceMetrics(MeterRegistry registry, String version) {
    this.registry = registry;
    Gauge.builder("yogurt.build.info", () -> 1)
        .tags("version", version, "java", Runtime.version().toString())
        .description("1, labelled with the running version of Yogurt and Java")
        .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  /** One gauge per role name, 1 for the role this instance has now, 0 for the others. */
  public ServiceMetrics role(List<String> names, Supplier<String> current) {
    for (String name : names) {
      Gauge.builder("yogurt.ha.role", () -> name.equals(current.get()) ? 1 : 0)
          .tag("role", name)
          .description(
              "1 for what this instance does: acting (ticks), standby (HA), none (stalled)")
          .register(registry);
    }
    return this;
  }

  /** Running totals of a provider's API calls. */
  public ServiceMetrics provider(String provider, ProviderCallStats stats) {
    Tags tags = Tags.of("provider", provider);
    FunctionCounter.builder("yogurt.provider.requests", stats, ProviderCallStats::requests)
        .tags(tags)
        .description("requests sent to the provider's API, every try and every page")
        .register(registry);
    FunctionCounter.builder("yogurt.provider.retries", stats, ProviderCallStats::retries)
        .tags(tags)
        .description("API calls tried again after a failure (429, 5xx, timeout)")
        .register(registry);
    FunctionCounter.builder(
            "yogurt.provider.budget.wait", stats, s -> s.budgetWait().toMillis() / 1000.0)
        .tags(tags)
        .baseUnit("seconds")
        .description("time spent waiting for the client-side rate budget")
        .register(registry);
    return this;
  }

  /** Samples written locally and still waiting for the remote history (Elasticsearch). */
  public <T> ServiceMetrics outbox(T history, ToDoubleFunction<T> waiting) {
    Gauge.builder("yogurt.history.outbox.samples", history, waiting)
        .description("samples kept in the local outbox until the remote history takes them")
        .register(registry);
    return this;
  }

  /**
   * The forecast model in force per service, refreshed at every tick: {@code
   * yogurt_forecast_model_info{service,model} 1}; a service without a good model has none.
   */
  public TickListener models(Supplier<Map<String, String>> modelByService) {
    MultiGauge info =
        MultiGauge.builder("yogurt.forecast.model.info")
            .description("1 per service, labelled with the forecast model in force")
            .register(registry);
    return (TickReport report) ->
        info.register(
            modelByService.get().entrySet().stream()
                .<MultiGauge.Row<?>>map(
                    e ->
                        MultiGauge.Row.of(Tags.of("service", e.getKey(), "model", e.getValue()), 1))
                .toList(),
            true);
  }

  @Override
  public void close() {
    gc.close();
  }
}
