package io.yogurt.autoscaler.policy;

import io.yogurt.models.Forecast;
import io.yogurt.models.Instance;
import io.yogurt.models.ManualOverride;
import io.yogurt.models.PolicyInput;
import io.yogurt.models.PolicyMemory;
import io.yogurt.models.PoolSpec;
import io.yogurt.models.PoolView;
import io.yogurt.models.ServiceLoad;
import io.yogurt.models.Slo;
import io.yogurt.models.WorkerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds policy inputs for table tests: a pool of {@code n} instances, all with idle workers. */
final class Inputs {

  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  int min = 1;
  int max = 10;
  double capacity = 10;
  double utilization = 0.5;
  Duration stabilization = Duration.ofMinutes(5);
  int stepUp = 100;
  double stepUpShare = 0;
  int stepDown = 100;
  Duration bootGrace = Duration.ofMinutes(3);
  Duration cooldown = Duration.ZERO;
  double demandQuantile = Double.NaN;
  List<Instance> instances = new ArrayList<>();
  List<WorkerStatus> workers = new ArrayList<>();
  Map<String, Instant> draining = new HashMap<>();
  int launchesInFlight;
  boolean blind;
  List<String> blindBrokers = List.of();
  long arrivals;
  int queued;
  Duration sinceLastLook = Duration.ofSeconds(10);
  Optional<Forecast> forecast = Optional.empty();
  Optional<ManualOverride> override = Optional.empty();
  PolicyMemory memory = PolicyMemory.EMPTY;

  static Inputs pool(int n) {
    Inputs in = new Inputs();
    for (int i = 0; i < n; i++) {
      in.instance(
          "p-" + i, NOW.minus(Duration.ofHours(1).minusMinutes(i)), WorkerStatus.State.IDLE);
    }
    return in;
  }

  Inputs instance(String name, Instant created, WorkerStatus.State worker) {
    instances.add(new Instance("id-" + name, name, "p", Instance.Status.ACTIVE, created, ""));
    if (worker != null) {
      workers.add(
          new WorkerStatus(
              name,
              "svc",
              worker,
              Duration.ofSeconds(1),
              worker == WorkerStatus.State.BUSY ? 1 : 0));
    }
    return this;
  }

  /** Arrival rate in requests per second over the last look. */
  Inputs rate(double perSecond) {
    arrivals = Math.round(perSecond * sinceLastLook.toSeconds());
    return this;
  }

  PoolSpec spec() {
    return new PoolSpec(
        "p",
        "svc",
        min,
        max,
        capacity,
        utilization,
        stabilization,
        stepUp,
        stepDown,
        bootGrace,
        Duration.ofMinutes(2),
        cooldown,
        Slo.DEFAULT,
        demandQuantile,
        Duration.ofMinutes(1),
        stepUpShare);
  }

  PolicyInput build() {
    Optional<ServiceLoad> load =
        blind
            ? Optional.empty()
            : Optional.of(new ServiceLoad("svc", queued, 0, arrivals, arrivals, workers));
    return new PolicyInput(
        spec(),
        new PoolView(instances, launchesInFlight, draining),
        load,
        sinceLastLook,
        forecast,
        Duration.ofSeconds(60),
        Duration.ofSeconds(10),
        override,
        memory,
        NOW,
        blindBrokers);
  }
}
