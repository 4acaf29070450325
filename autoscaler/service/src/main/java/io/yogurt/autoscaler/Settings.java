package io.yogurt.autoscaler;

import io.yogurt.autoscaler.admin.AdminSettings;
import io.yogurt.autoscaler.ha.HaSettings;
import io.yogurt.autoscaler.local.LocalSettings;
import io.yogurt.autoscaler.loop.LoopSettings;
import io.yogurt.autoscaler.loop.PoolSettings;
import io.yogurt.broker.BrokerSettings;
import io.yogurt.broker.probe.ProbeSettings;
import io.yogurt.config.ConfigFile;
import io.yogurt.config.ConfigSection;
import io.yogurt.config.InvalidInputException;
import io.yogurt.config.files.Rotation;
import io.yogurt.forecasting.ForecastSettings;
import io.yogurt.history.HistorySettings;
import io.yogurt.provider.digitalocean.DigitalOceanSettings;
import io.yogurt.simulations.SimulationSettings;
import java.util.ArrayList;
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
    DigitalOceanSettings digitalocean,
    SimulationSettings simulation,
    ForecastSettings forecast,
    HaSettings ha,
    Rotation logs,
    Map<String, Object> effective) {

  public static final List<String> PROVIDERS = List.of("local", "digitalocean");

  public static Settings load(ConfigFile file) throws InvalidInputException {
    ConfigSection root = file.root();
    LoopSettings loop = LoopSettings.from(root.section("loop"));
    List<PoolSettings> pools = new ArrayList<>();
    if (root.has("pools")) {
      root.sections("pools").forEach((name, s) -> pools.add(PoolSettings.from(name, s)));
      if (pools.isEmpty()) {
        root.error("pools", "expected at least one pool");
      }
    } else {
      pools.add(PoolSettings.from("echo", root.section("pools").section("echo")));
    }
    String provider = root.choice("provider", "local", PROVIDERS);
    LocalSettings local = LocalSettings.from(root.section("local"));
    HistorySettings history = HistorySettings.from(root.section("history"));
    BrokerSettings broker = BrokerSettings.from(root.section("broker"));
    ProbeSettings probe = ProbeSettings.from(root.section("probe"));
    AdminSettings admin = AdminSettings.from(root.section("admin"));
    DigitalOceanSettings digitalocean = DigitalOceanSettings.from(root.section("digitalocean"));
    SimulationSettings simulation = SimulationSettings.from(root.section("simulation"));
    ForecastSettings forecast = ForecastSettings.from(root.section("forecast"));
    HaSettings ha = HaSettings.from(root.section("ha"));
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
        digitalocean,
        simulation,
        forecast,
        ha,
        logs,
        root.effective());
  }
}
