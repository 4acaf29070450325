package io.yogurt.autoscaler.service;

import io.yogurt.autoscaler.Settings;
import io.yogurt.broker.Broker;
import io.yogurt.broker.probe.MdpProbe;
import io.yogurt.broker.probe.ProbeSettings;
import io.yogurt.broker.probe.ProbeTarget;
import io.yogurt.registry.etcd.BrokerDirectory;
import io.yogurt.registry.etcd.BrokerFederation;
import io.yogurt.registry.etcd.EtcdRegistry;
import io.yogurt.registry.etcd.RegistryUnavailableException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The registry side of {@code yogurt run} ({@code registry.url} set): the embedded broker registers
 * itself (and finds its peers there when it peers), and the probe watches every broker under the
 * prefix, beside those listed in {@code probe.brokers}. An etcd that does not answer at start is
 * one error, unless {@code probe.brokers} lists brokers to carry on with.
 */
final class RegistryWiring {

  private RegistryWiring() {}

  static void start(
      Settings settings,
      Broker broker,
      MdpProbe probe,
      InstantSource clock,
      Consumer<AutoCloseable> closeLater)
      throws RegistryUnavailableException {
    ProbeSettings probeSettings = settings.probe();
    boolean required = probeSettings.brokers().isEmpty();
    EtcdRegistry registry = EtcdRegistry.open(settings.registry());
    closeLater.accept(registry);
    if (required) {
      try {
        registry.check();
      } catch (RegistryUnavailableException e) {
        throw new RegistryUnavailableException(
            "registry.url: "
                + e.getMessage()
                + " (list brokers under probe.brokers to start without the registry)",
            e);
      }
    }
    closeLater.accept(
        BrokerFederation.start(
            broker, registry, settings.broker().peering().cluster(), clock, false));
    BrokerDirectory directory = new BrokerDirectory(registry, clock, null);
    closeLater.accept(directory);
    directory.onChange(
        view -> {
          Map<String, ProbeTarget> targets = new LinkedHashMap<>();
          probeSettings.brokers().forEach(t -> targets.put(t.endpoint(), t));
          view.forEach(
              e ->
                  targets.putIfAbsent(
                      e.endpoint(), ProbeTarget.of(e.endpoint(), ProbeSettings.DEFAULT_TIMEOUT)));
          probe.setTargets(new ArrayList<>(targets.values()));
        });
    directory.start(false);
  }

  /** The probe's targets before the registry is read: the static list, else none yet. */
  static ProbeSettings initialTargets(Settings settings) {
    return new ProbeSettings(List.copyOf(settings.probe().brokers()));
  }
}
