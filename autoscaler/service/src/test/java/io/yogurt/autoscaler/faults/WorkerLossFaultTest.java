package io.yogurt.autoscaler.faults;

import static io.yogurt.autoscaler.faults.ServiceRig.figure;
import static io.yogurt.autoscaler.faults.ServiceRig.signal;
import static io.yogurt.autoscaler.faults.ServiceRig.worker;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.broker.Broker;
import io.yogurt.broker.BrokerSettings;
import io.yogurt.models.Action;
import io.yogurt.models.ActionResult;
import io.yogurt.models.ReasonCode;
import io.yogurt.models.TickReport;
import io.yogurt.models.TickReport.InstanceState;
import io.yogurt.models.TickReport.PoolTick;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault matrix, first rows: every worker of a pool dead at once (frozen with SIGSTOP: the processes
 * live, no heartbeat comes, the broker answers) is replaced within dead-after and a tick or two
 * after the broker noticed; a broker restart (the workers alive, reconnecting) replaces nothing.
 */
class WorkerLossFaultTest {

  private static final Duration TICK = Duration.ofMillis(500);
  private static final Duration DEAD_AFTER = Duration.ofSeconds(5);

  @TempDir Path dir;

  private static String config(String extra) {
    return """
        loop:
          tick: 500ms
          dead-after: 5s
        broker:
          bind: tcp://127.0.0.1:0
        admin:
          port: 0
        pools:
          echo:
            min: 3
            max: 3
            boot-grace: 30s
        local:
          handler: echo
        """
        + extra;
  }

  private static Set<String> names(PoolTick t) {
    return t.instanceStates().stream().map(InstanceState::name).collect(Collectors.toSet());
  }

  private static void awaitLive(ServiceRig rig, int n) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> rig.last() != null && rig.last().workersLive() == n);
  }

  @Test
  void everyWorkerDeadAtOnceIsReplacedWithinDeadAfterAndATickOrTwo() throws Exception {
    List<ProcessHandle> frozen = new ArrayList<>();
    try (ServiceRig rig = ServiceRig.start(dir, config(""))) {
      awaitLive(rig, 3);
      Set<String> lost = names(rig.last());
      Instant froze = Instant.now();
      for (String name : lost) {
        ProcessHandle p = worker(name);
        signal(p, "STOP");
        frozen.add(p);
      }
      await()
          .alias("3 new live workers in place of the frozen ones")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () ->
                  rig.last().workersLive() == 3
                      && names(rig.last()).stream().noneMatch(lost::contains));
      Instant healed = Instant.now();
      TickReport seen =
          rig.ticks.stream()
              .filter(r -> r.at().isAfter(froze) && r.pools().get(0).workersLive() == 0)
              .findFirst()
              .orElseThrow();
      TickReport replaced =
          rig.ticks.stream()
              .filter(r -> destroyed(r, lost, ReasonCode.REPLACE_DEAD) > 0)
              .findFirst()
              .orElseThrow();
      assertTrue(seen.pools().get(0).raised(ReasonCode.MASS_LOSS), seen.pools().get(0).toString());
      Duration reaction = Duration.between(seen.at(), replaced.at());
      assertTrue(
          reaction.compareTo(DEAD_AFTER.plus(TICK.multipliedBy(2))) <= 0,
          "replaced " + reaction.toMillis() + " ms after the loss was seen");
      assertEquals(
          3,
          rig.ticks.stream().mapToInt(r -> destroyed(r, lost, ReasonCode.REPLACE_DEAD)).sum(),
          "each frozen instance destroyed once, as dead");
      assertEquals(List.of(), rig.stackTraces, "no stack trace for an expected fault");
      figure(
          "all workers dead at once",
          String.format(
              Locale.ROOT,
              "seen missing %.1f s after the freeze (broker expiry 7.5 s), first replacement %.1f s"
                  + " after (dead-after 5 s, tick 0.5 s), 3 new workers live %.1f s after the"
                  + " freeze",
              Duration.between(froze, seen.at()).toMillis() / 1000.0,
              reaction.toMillis() / 1000.0,
              Duration.between(froze, healed).toMillis() / 1000.0));
    } finally {
      for (ProcessHandle p : frozen) {
        signal(p, "KILL");
      }
    }
  }

  @Test
  void aBrokerRestartReplacesNothingAndTheWorkersComeBack() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String endpoint = "tcp://127.0.0.1:" + port;
    Broker broker = Broker.start(BrokerSettings.defaults(endpoint), InstantSource.system());
    try (ServiceRig rig =
        ServiceRig.start(
            dir,
            config(
                "  brokers: [\""
                    + endpoint
                    + "\"]\nprobe:\n  brokers: [\""
                    + endpoint
                    + "\"]\n  timeout: 300ms\n"))) {
      awaitLive(rig, 3);
      Set<String> before = names(rig.last());
      Instant stopped = Instant.now();
      broker.close();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  rig.ticks.stream()
                          .filter(r -> r.at().isAfter(stopped))
                          .filter(r -> r.pools().get(0).decision().why().contains("BLIND"))
                          .count()
                      >= 3);
      broker = Broker.start(BrokerSettings.defaults(endpoint), InstantSource.system());
      Instant restarted = Instant.now();
      awaitLive(rig, 3);
      Instant back = Instant.now();
      // Hold on past dead-after: a worker still counted missing would be replaced by then.
      await()
          .during(DEAD_AFTER.plusSeconds(2))
          .atMost(DEAD_AFTER.plusSeconds(10))
          .until(() -> rig.last().workersLive() == 3);
      assertEquals(before, names(rig.last()), "the same instances, none replaced");
      List<ActionResult> acted =
          rig.ticks.stream()
              .filter(r -> r.at().isAfter(stopped))
              .flatMap(r -> r.pools().get(0).actions().stream())
              .toList();
      assertEquals(List.of(), acted, "nothing launched or destroyed");
      assertEquals(List.of(), rig.stackTraces, "no stack trace for an expected fault");
      figure(
          "broker restart",
          String.format(
              Locale.ROOT,
              "broker down %.1f s; all 3 workers back %.1f s after it restarted; nothing replaced",
              Duration.between(stopped, restarted).toMillis() / 1000.0,
              Duration.between(restarted, back).toMillis() / 1000.0));
    } finally {
      broker.close();
    }
  }

  private static int destroyed(TickReport r, Set<String> names, ReasonCode why) {
    assertNotNull(r);
    return (int)
        r.pools().get(0).actions().stream()
            .filter(a -> !a.failed() && a.action() instanceof Action.Destroy d)
            .filter(a -> names.contains(((Action.Destroy) a.action()).instance().name()))
            .filter(a -> a.action().why().code() == why)
            .count();
  }
}
