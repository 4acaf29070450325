package io.yogurt.autoscaler;

import io.yogurt.autoscaler.admin.AdminSettings;
import io.yogurt.autoscaler.ha.HaSettings;
import io.yogurt.autoscaler.local.LocalSettings;
import io.yogurt.autoscaler.loop.LoopSettings;
import io.yogurt.autoscaler.loop.PoolSettings;
import io.yogurt.autoscaler.metrics.MetricsSettings;
import io.yogurt.autoscaler.tune.TuneSettings;
import io.yogurt.broker.BrokerSettings;
import io.yogurt.broker.probe.ProbeSettings;
import io.yogurt.config.ConfigFile;
import io.yogurt.config.ConfigSection;
import io.yogurt.config.InvalidInputException;
import io.yogurt.config.files.Rotation;
import io.yogurt.forecasting.ForecastSettings;
import io.yogurt.history.HistorySettings;
import io.yogurt.provider.digitalocean.DigitalOceanSettings;
import io.yogurt.provider.supervisor.SupervisorSettings;
import io.yogurt.rabbitmq.RabbitPoolSettings;
import io.yogurt.registry.etcd.RegistrySettings;
import io.yogurt.simulations.SimulationSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole validated configuration. Every module's section is read here, in one pass, so that
 * unknown keys and every error are reported together, and so that {@link #effective()} lists every
 * key with the value in force.
 */
public record Settings(
    LoopSettings loop,
    List<PoolSettings> pools,
    String provider,
    LocalSettings local,
    HistorySettings history,
    BrokerSettings broker,
    ProbeSettings probe,
    AdminSettings admin,
    MetricsSettings metrics,
    DigitalOceanSettings digitalocean,
    SupervisorSettings supervisor,
    SimulationSettings simulation,
    ForecastSettings forecast,
    HaSettings ha,
    Map<String, RabbitPoolSettings> rabbitmq,
    RegistrySettings registry,
    TuneSettings tune,
    Rotation logs,
    Map<String, Object> effective) {

  public static final List<String> PROVIDERS = List.of("local", "digitalocean", "supervisor");

  /** Where a pool's work waits: {@code pools.<name>.broker}. */
  public static final List<String> BROKERS = List.of("majordomo", "rabbitmq");

  public static Settings load(ConfigFile file) throws InvalidInputException {
    ConfigSection root = file.root();
    LoopSettings loop = LoopSettings.from(root.section("loop"));
    List<PoolSettings> pools = new ArrayList<>();
    Map<String, RabbitPoolSettings> rabbitmq = new LinkedHashMap<>();
    Map<String, ConfigSection> poolSections =
        root.has("pools")
            ? root.sections("pools")
            : Map.of("echo", root.section("pools").section("echo"));
    poolSections.forEach(
        (name, s) -> {
          PoolSettings pool = PoolSettings.from(name, s);
          pools.add(pool);
          String broker = s.choice("broker", "majordomo", BROKERS);
          RabbitPoolSettings queue =
              RabbitPoolSettings.from(name, pool.spec().service(), s.section("rabbitmq"));
          if (broker.equals("rabbitmq")) {
            rabbitmq.put(name, queue);
          }
        });
    if (pools.isEmpty()) {
      root.error("pools", "expected at least one pool");
    }
    String provider = root.choice("provider", "local", PROVIDERS);
    if (!provider.equals("local")) {
      // Droplets boot into a Majordomo worker (cloud-init); a RabbitMQ worker there is not done
      // yet.
      rabbitmq
          .keySet()
          .forEach(
              name ->
                  poolSections
                      .get(name)
                      .error(
                          "broker",
                          "broker: rabbitmq runs its workers with provider: local only, got provider: "
                              + provider));
    }
    LocalSettings local = LocalSettings.from(root.section("local"));
    HistorySettings history = HistorySettings.from(root.section("history"));
    BrokerSettings broker = BrokerSettings.from(root.section("broker"));
    ProbeSettings probe = ProbeSettings.from(root.section("probe"));
    AdminSettings admin = AdminSettings.from(root.section("admin"));
    MetricsSettings metrics = MetricsSettings.from(root.section("metrics"));
    DigitalOceanSettings digitalocean = DigitalOceanSettings.from(root.section("digitalocean"));
    ConfigSection supervisorSection = root.section("supervisor");
    SupervisorSettings supervisor = SupervisorSettings.from(supervisorSection);
    if (provider.equals("supervisor")) {
      SupervisorSettings.checkUse(
          supervisorSection, supervisor, pools.stream().map(p -> p.spec().name()).toList());
    }
    SimulationSettings simulation = SimulationSettings.from(root.section("simulation"));
    ForecastSettings forecast = ForecastSettings.from(root.section("forecast"));
    ConfigSection haSection = root.section("ha");
    HaSettings ha = HaSettings.from(haSection);
    RegistrySettings registry = RegistrySettings.from(root.section("registry"));
    if (ha.onEtcd() && !registry.enabled()) {
      haSection.error("backend", "etcd needs registry.url: the etcd to elect a leader in");
    }
    TuneSettings tune = TuneSettings.from(root.section("tune"));
    Rotation logs = Rotation.from(root.section("logs"));
    file.finish();
    return new Settings(
        loop,
        List.copyOf(pools),
        provider,
        local,
        history,
        broker,
        probe,
        admin,
        metrics,
        digitalocean,
        supervisor,
        simulation,
        forecast,
        ha,
        Collections.unmodifiableMap(rabbitmq),
        registry,
        tune,
        logs,
        root.effective());
  }
}
