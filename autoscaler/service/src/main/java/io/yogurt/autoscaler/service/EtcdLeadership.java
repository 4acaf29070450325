package io.yogurt.autoscaler.service;

import io.yogurt.autoscaler.Settings;
import io.yogurt.registry.etcd.EtcdRegistry;
import io.yogurt.registry.etcd.LeaderElection;
import io.yogurt.registry.etcd.RegistryUnavailableException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Consumer;

/**
 * {@code ha.backend: etcd}: every instance keeps its schedule in memory and campaigns for one key
 * in the etcd of {@code registry.url}; a job that must run once per cluster (the control loop, the
 * orphan sweep) runs only on the instance that leads at that moment.
 */
final class EtcdLeadership {

  /** The key instances campaign for, under the registry's prefix. */
  static final String KEY = "ha/leader";

  private EtcdLeadership() {}

  static LeaderElection elect(Settings settings, InstantSource clock)
      throws RegistryUnavailableException {
    EtcdRegistry etcd = EtcdRegistry.connect(settings.registry());
    String key = settings.registry().prefix().replaceAll("[^/]+/$", "") + KEY;
    return new LeaderElection(etcd, key, settings.ha().instanceId(), clock)
        .closingAlso(etcd)
        .start();
  }

  /** The job itself without an election (one instance, or PostgreSQL HA), else guarded. */
  static Consumer<Instant> onlyIfLeading(LeaderElection election, Consumer<Instant> job) {
    if (election == null) {
      return job;
    }
    return now -> {
      if (election.isLeader()) {
        job.accept(now);
      }
    };
  }
}
