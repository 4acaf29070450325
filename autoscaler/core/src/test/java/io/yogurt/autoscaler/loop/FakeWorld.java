package io.yogurt.autoscaler.loop;

import io.yogurt.models.BrokerReading;
import io.yogurt.models.Instance;
import io.yogurt.models.LoadProbe;
import io.yogurt.models.Observation;
import io.yogurt.models.Provider;
import io.yogurt.models.ProviderException;
import io.yogurt.models.ServiceLoad;
import io.yogurt.models.WorkerControl;
import io.yogurt.models.WorkerProcess;
import io.yogurt.models.WorkerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small stateful world for loop tests: instances boot after {@code bootDelay} and then have a
 * live worker, unless marked dead; arrivals and queue are set by the test. It counts launches and
 * destroys and can fail the provider or the broker on demand.
 */
final class FakeWorld implements LoadProbe, WorkerControl, Provider {

  final Map<String, Instance> instances = new LinkedHashMap<>();
  final Set<String> deadWorkers = new HashSet<>();
  final Set<String> drained = new HashSet<>();
  final Set<String> busy = new HashSet<>();

  /** Registrations per worker at the broker; a restart the tick did not see raises it. */
  final Map<String, Integer> registrations = new java.util.HashMap<>();

  final List<String> destroyed = new ArrayList<>();

  /** What a process supervisor says of an instance's worker, by instance name (default: none). */
  final Map<String, WorkerProcess> processes = new HashMap<>();

  Duration bootDelay = Duration.ofSeconds(20);
  long arrivalsPerLook;
  int queued;
  boolean brokerDown;

  /** With two brokers, instances launched odd-numbered connect to the second, and half the load. */
  boolean twoBrokers;

  boolean secondBrokerDown;

  boolean providerDown;
  int launches;
  private int seq;
  private Instant now = Instant.EPOCH;

  void at(Instant t) {
    now = t;
  }

  @Override
  public Observation observe(Instant at) {
    if (brokerDown) {
      return new Observation(at, List.of(BrokerReading.unreachable("tcp://fake", "timeout")));
    }
    if (!twoBrokers) {
      return new Observation(
          at, List.of(BrokerReading.reachable("tcp://fake", List.of(load(at, 0, 1)))));
    }
    return new Observation(
        at,
        List.of(
            BrokerReading.reachable("tcp://fake", List.of(load(at, 0, 2))),
            secondBrokerDown
                ? BrokerReading.unreachable("tcp://second", "timeout")
                : BrokerReading.reachable("tcp://second", List.of(load(at, 1, 2)))));
  }

  /** The share of workers and load that broker {@code index} of {@code brokers} sees. */
  private ServiceLoad load(Instant at, int index, int brokers) {
    List<WorkerStatus> workers = new ArrayList<>();
    for (Instance i : instances.values()) {
      boolean booted = !i.createdAt().plus(bootDelay).isAfter(at);
      int broker = Integer.parseInt(i.id().substring(2)) % brokers;
      if (booted && !deadWorkers.contains(i.name()) && broker == index) {
        WorkerStatus.State s =
            drained.contains(i.name())
                ? WorkerStatus.State.DRAINING
                : busy.contains(i.name()) ? WorkerStatus.State.BUSY : WorkerStatus.State.IDLE;
        workers.add(
            new WorkerStatus(
                i.name(),
                "svc",
                s,
                Duration.ofSeconds(1),
                busy.contains(i.name()) ? 1 : 0,
                registrations.getOrDefault(i.name(), 1)));
      }
    }
    long arrivals = arrivalsPerLook / brokers;
    return new ServiceLoad("svc", queued / brokers, 0, arrivals, arrivals, workers);
  }

  @Override
  public boolean drain(String identity) {
    return drained.add(identity);
  }

  @Override
  public List<Instance> list(String pool) throws ProviderException {
    if (providerDown) {
      throw new ProviderException("API unreachable", true);
    }
    return instances.values().stream()
        .map(
            i ->
                new Instance(
                    i.id(),
                    i.name(),
                    i.pool(),
                    i.status(),
                    i.createdAt(),
                    i.launchKey(),
                    processes.get(i.name())))
        .toList();
  }

  @Override
  public List<Instance> launch(String pool, int count, String key) throws ProviderException {
    if (providerDown) {
      throw new ProviderException("API unreachable", true);
    }
    launches++;
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
    if (instances.remove(instance.name()) != null) {
      destroyed.add(instance.name());
    }
  }

  @Override
  public void close() {}

  int live() {
    return instances.size();
  }
}
