package io.yogurt.registry.etcd;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The lease-based election of {@code ha.backend: etcd}, on a real etcd. */
@Tag("etcd")
class LeaderElectionTest {

  private static final InstantSource CLOCK = InstantSource.system();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private LeaderElection candidate(String id, RegistrySettings settings) throws Exception {
    EtcdRegistry etcd = EtcdRegistry.connect(settings);
    closeables.add(etcd);
    LeaderElection e = new LeaderElection(etcd, settings.prefix() + "leader", id, CLOCK).start();
    closeables.add(e);
    return e;
  }

  @Test
  void oneLeadsTheOtherTakesOverWhenItStepsDownOrDiesAndNeverBothAtOnce() throws Exception {
    RegistrySettings settings = Etcd.shared();
    LeaderElection a = candidate("a", settings);
    LeaderElection b = candidate("b", settings);
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> a.isLeader() ^ b.isLeader());
    LeaderElection first = a.isLeader() ? a : b;
    LeaderElection second = first == a ? b : a;
    assertTrue(second.leaderSeen().isPresent(), "the standby sees a leader");

    // A leader that dies (stops renewing, keeps running): it steps down on its own before its key
    // expires, and the other takes over after that; at no sample do both lead.
    first.abandon();
    long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
    boolean tookOver = false;
    while (System.nanoTime() < deadline && !tookOver) {
      boolean one = first.isLeader();
      boolean two = second.isLeader();
      assertFalse(one && two, "two leaders at once");
      tookOver = two;
      Awaitility.await().pollDelay(Duration.ofMillis(20)).until(() -> true);
    }
    assertTrue(tookOver, "the standby leads after the dead leader's lease expired");
    assertFalse(first.isLeader());

    // A clean step-down hands over within a campaign period.
    LeaderElection third = candidate("c", settings);
    second.close();
    Awaitility.await().atMost(Duration.ofSeconds(3)).until(third::isLeader);
  }
}
