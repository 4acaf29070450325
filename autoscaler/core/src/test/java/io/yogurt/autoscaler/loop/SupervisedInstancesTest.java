package io.yogurt.autoscaler.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.autoscaler.policy.Policies;
import io.yogurt.config.ConfigErrors;
import io.yogurt.config.ConfigSection;
import io.yogurt.models.Action;
import io.yogurt.models.ActionResult;
import io.yogurt.models.ForecastSource;
import io.yogurt.models.History;
import io.yogurt.models.OverrideSource;
import io.yogurt.models.PoolMode;
import io.yogurt.models.PoolSpec;
import io.yogurt.models.ReasonCode;
import io.yogurt.models.SeriesQuery;
import io.yogurt.models.TickReport;
import io.yogurt.models.WorkerProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The loop with a process supervisor's word on the instances (supervisord): a worker it gave up on
 * is replaced at once, its restarts count as losses, and a host it cannot reach is left alone.
 */
class SupervisedInstancesTest {

  private static final Duration TICK = Duration.ofSeconds(10);

  private final FakeWorld world = new FakeWorld();
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");

  private final History history =
      new History() {
        @Override
        public void append(List<io.yogurt.models.Sample> samples) {}

        @Override
        public io.yogurt.models.Series read(SeriesQuery q) {
          throw new AssertionError("the loop does not read history");
        }
      };

  private ControlLoop loop(int min) {
    ConfigErrors errors = new ConfigErrors("test");
    LoopSettings settings = LoopSettings.from(ConfigSection.empty("loop", errors));
    PoolSettings defaults = PoolSettings.from("p", ConfigSection.empty("pools.p", errors));
    PoolSpec spec =
        new PoolSpec(
            "p",
            "svc",
            min,
            8,
            10,
            0.5,
            Duration.ofSeconds(60),
            10,
            2,
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Duration.ZERO);
    return new ControlLoop(
        settings,
        List.of(new PoolSettings(spec, "reactive", PoolMode.LIVE, defaults.staticSize())),
        Map.of("p", Policies.byName("reactive", 0, Duration.ofSeconds(30))),
        world,
        world,
        world,
        history,
        ForecastSource.NONE,
        OverrideSource.NONE,
        List.of());
  }

  private TickReport tick(ControlLoop loop) {
    now = now.plus(TICK);
    world.at(now);
    return loop.tick(now);
  }

  private ControlLoop settledLoop(int size) {
    ControlLoop loop = loop(size);
    world.arrivalsPerLook = 0;
    for (int i = 0; i < 5; i++) {
      tick(loop);
    }
    assertEquals(size, world.live());
    return loop;
  }

  private static List<ReasonCode> destroyReasons(TickReport r) {
    return r.pools().get(0).actions().stream()
        .map(ActionResult::action)
        .filter(a -> a instanceof Action.Destroy)
        .map(a -> a.why().code())
        .toList();
  }

  @Test
  void aWorkerItsSupervisorGaveUpOnIsReplacedAtOnceAsACrashLoop() {
    ControlLoop loop = settledLoop(3);
    String victim = world.instances.keySet().iterator().next();
    world.deadWorkers.add(victim);
    world.processes.put(
        victim,
        new WorkerProcess(
            WorkerProcess.State.FAILED, 3, "FATAL: Exited too quickly (exit status 1)"));
    TickReport r = tick(loop);
    assertTrue(world.destroyed.contains(victim), "replaced in the first tick that saw it");
    assertEquals(List.of(ReasonCode.CRASH_LOOP), destroyReasons(r));
    assertEquals(3, world.live());
  }

  @Test
  void workersThatAllFailedAreNotMistakenForAMassLoss() {
    ControlLoop loop = settledLoop(3);
    for (String name : List.copyOf(world.instances.keySet())) {
      world.deadWorkers.add(name);
      world.processes.put(
          name, new WorkerProcess(WorkerProcess.State.FAILED, 0, "FATAL: Exited too quickly"));
    }
    TickReport r = tick(loop);
    assertFalse(r.pools().get(0).raised(ReasonCode.MASS_LOSS), r.toString());
    assertEquals(2, world.destroyed.size(), "replaced up to max-replacements-per-tick");
  }

  @Test
  void restartsTheSupervisorCountedAreLossesEvenWhenNoTickSawTheWorkerGone() {
    ControlLoop loop = settledLoop(3);
    String flapping = world.instances.keySet().iterator().next();
    for (int restarts = 1; restarts <= 3 && !world.destroyed.contains(flapping); restarts++) {
      // supervisord restarted it between two ticks: the broker shows a live worker every time
      world.processes.put(
          flapping, new WorkerProcess(WorkerProcess.State.RUNNING, restarts, "exit status 1"));
      tick(loop);
    }
    assertTrue(world.destroyed.contains(flapping), "replaced after its third restart");
    assertEquals(3, world.live());
  }

  @Test
  void instancesOnAnUnreachableHostAreNeitherReplacedNorCountedLost() {
    ControlLoop loop = settledLoop(4);
    List<String> onHostB = world.instances.keySet().stream().limit(2).toList();
    for (String name : onHostB) {
      world.deadWorkers.add(name); // the host's network is down: its workers are gone too
      world.processes.put(
          name, new WorkerProcess(WorkerProcess.State.UNREACHABLE, 0, "connection refused"));
    }
    TickReport r = null;
    for (int i = 0; i < 20; i++) {
      r = tick(loop);
      assertFalse(r.pools().get(0).raised(ReasonCode.MASS_LOSS), r.toString());
    }
    assertTrue(world.destroyed.isEmpty(), "nothing replaced: " + world.destroyed);
    assertEquals(4, world.live());
    assertEquals(
        List.of("unreachable", "unreachable"),
        r.pools().get(0).instanceStates().stream()
            .filter(s -> onHostB.contains(s.name()))
            .map(TickReport.InstanceState::health)
            .toList());
  }
}
