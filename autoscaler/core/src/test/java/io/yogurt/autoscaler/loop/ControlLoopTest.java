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
import io.yogurt.models.HistoryException;
import io.yogurt.models.ManualOverride;
import io.yogurt.models.OverrideSource;
import io.yogurt.models.PoolMode;
import io.yogurt.models.PoolSpec;
import io.yogurt.models.ReasonCode;
import io.yogurt.models.Sample;
import io.yogurt.models.Series;
import io.yogurt.models.SeriesQuery;
import io.yogurt.models.TickReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The loop against a fake world: what it does over several ticks, tick by tick. */
class ControlLoopTest {

  private static final Duration TICK = Duration.ofSeconds(10);

  private final FakeWorld world = new FakeWorld();
  private final List<Sample> recorded = new ArrayList<>();
  private boolean historyDown;
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");

  /** The mode a person switched pool p to, as the admin API would store it. */
  private PoolMode switchedTo;

  private final OverrideSource people =
      new OverrideSource() {
        @Override
        public Optional<ManualOverride> active(String pool, Instant at) {
          return Optional.empty();
        }

        @Override
        public Optional<PoolMode> mode(String pool) {
          return Optional.ofNullable(switchedTo);
        }
      };

  private final History history =
      new History() {
        @Override
        public void append(List<Sample> samples) throws HistoryException {
          if (historyDown) {
            throw new HistoryException("disk full");
          }
          recorded.addAll(samples);
        }

        @Override
        public Series read(SeriesQuery q) {
          throw new AssertionError("the loop does not read history");
        }
      };

  private final List<TickReport> reports = new ArrayList<>();

  private ControlLoop loop(PoolMode mode, int min, int max) {
    ConfigErrors errors = new ConfigErrors("test");
    LoopSettings settings = LoopSettings.from(ConfigSection.empty("loop", errors));
    PoolSettings defaults = PoolSettings.from("p", ConfigSection.empty("pools.p", errors));
    PoolSettings pool =
        new PoolSettings(
            new PoolSpec(
                "p",
                "svc",
                min,
                max,
                10,
                0.5,
                Duration.ofSeconds(60),
                10,
                2,
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                Duration.ZERO),
            "reactive",
            mode,
            defaults.staticSize());
    return new ControlLoop(
        settings,
        List.of(pool),
        Map.of("p", Policies.byName("reactive", 0, Duration.ofSeconds(30))),
        world,
        world,
        world,
        history,
        ForecastSource.NONE,
        people,
        List.of());
  }

  private TickReport tick(ControlLoop loop) {
    now = now.plus(TICK);
    world.at(now);
    TickReport r = loop.tick(now);
    reports.add(r);
    return r;
  }

  /** Requests per second, as arrivals per 10-second look. */
  private void load(double perSecond) {
    world.arrivalsPerLook = Math.round(perSecond * TICK.toSeconds());
  }

  @Test
  void scalesUpForLoadThenDrainsBackToMin() {
    ControlLoop loop = loop(PoolMode.LIVE, 1, 8);
    load(0);
    tick(loop);
    assertEquals(1, world.live(), "raised to min");

    load(22); // 22 req/s at 5 planned per worker -> 5
    TickReport r = tick(loop);
    assertEquals(5, world.live());
    assertEquals(ReasonCode.SCALE_UP_LOAD, r.pools().get(0).decision().reasons().get(0).code());

    load(0);
    for (int i = 0; i < 30; i++) {
      tick(loop);
    }
    assertEquals(1, world.live(), "drained back to min");
    assertEquals(4, world.destroyed.size());
    assertTrue(
        world.drained.containsAll(world.destroyed), "every destroyed instance was drained first");
  }

  @Test
  void neverScalesInWithinTheStabilizationWindow() {
    ControlLoop loop = loop(PoolMode.LIVE, 1, 8);
    load(22);
    tick(loop);
    for (int i = 0; i < 3; i++) {
      tick(loop); // boot
    }
    load(0);
    for (int i = 0; i < 5; i++) {
      TickReport r = tick(loop);
      assertTrue(
          world.drained.isEmpty(),
          "drained at tick " + i + ": " + r.pools().get(0).decision().why());
    }
  }

  @Test
  void aFreshLoopTakingOverAPoolScalesInOnlyAfterAWholeWindow() throws Exception {
    world.at(now.minus(Duration.ofHours(1)));
    world.launch("p", 5, "launched-before-the-restart");
    ControlLoop loop = loop(PoolMode.LIVE, 1, 8); // a restart, or the standby taking over
    load(0);
    for (int i = 0; i < 5; i++) { // 60 s of stabilization at 10 s ticks
      TickReport r = tick(loop);
      assertTrue(
          world.drained.isEmpty(),
          "drained at tick " + i + ": " + r.pools().get(0).decision().why());
    }
    for (int i = 0; i < 30; i++) {
      tick(loop);
    }
    assertEquals(1, world.live(), "then scaled in as usual");
  }

  @Test
  void busyWorkersAreDrainedLastAndDestroyedOnlyWhenIdle() {
    ControlLoop loop = loop(PoolMode.LIVE, 0, 8);
    load(12); // 3 instances
    for (int i = 0; i < 4; i++) {
      tick(loop);
    }
    List<String> names = List.copyOf(world.instances.keySet());
    assertEquals(3, names.size());
    world.busy.add(names.get(1));
    world.busy.add(names.get(2));
    load(4); // needs 1: drain 2 (step down 2), the idle one first, then the newest busy one
    for (int i = 0; i < 20 && world.drained.isEmpty(); i++) {
      tick(loop);
    }
    assertEquals(Set.of(names.get(0), names.get(2)), world.drained);
    tick(loop);
    assertEquals(
        List.of(names.get(0)), world.destroyed, "the idle one goes at once, the busy one waits");
    world.busy.remove(names.get(2));
    tick(loop);
    assertEquals(List.of(names.get(0), names.get(2)), world.destroyed);
  }

  @Test
  void blindLoopHoldsAndNeverScalesToZero() {
    ControlLoop loop = loop(PoolMode.LIVE, 0, 8);
    load(22);
    for (int i = 0; i < 4; i++) {
      tick(loop);
    }
    int before = world.live();
    world.brokerDown = true;
    for (int i = 0; i < 20; i++) {
      TickReport r = tick(loop);
      assertEquals(ReasonCode.BLIND, r.pools().get(0).decision().reasons().get(0).code());
      assertFalse(r.sources().get(0).ok());
    }
    assertEquals(before, world.live());
    assertTrue(world.destroyed.isEmpty(), "nothing replaced while blind");
  }

  @Test
  void deadInstanceIsReplacedMakeBeforeBreak() {
    ControlLoop loop = loop(PoolMode.LIVE, 3, 8);
    load(0);
    for (int i = 0; i < 5; i++) {
      tick(loop);
    }
    String victim = world.instances.keySet().iterator().next();
    world.deadWorkers.add(victim);
    int launchesBefore = world.launches;
    for (int i = 0; i < 6; i++) {
      tick(loop);
    }
    assertTrue(world.destroyed.contains(victim));
    assertEquals(launchesBefore + 1, world.launches, "one replacement launched");
    assertEquals(3, world.live());
  }

  @Test
  void replacementsAreRateLimitedPerTick() {
    ControlLoop loop = loop(PoolMode.LIVE, 10, 20);
    load(0);
    for (int i = 0; i < 5; i++) {
      tick(loop);
    }
    List<String> victims = world.instances.keySet().stream().limit(3).toList();
    world.deadWorkers.addAll(victims);
    TickReport report = null;
    while (world.destroyed.isEmpty()) {
      report = tick(loop);
    }
    assertEquals(
        2,
        world.destroyed.size(),
        "two replaced in the first tick: " + report.pools().get(0).actionsTaken());
    assertTrue(report.pools().get(0).raised(ReasonCode.HEAL_LIMITED), report.toString());
    assertEquals(
        List.of(ReasonCode.REPLACE_DEAD, ReasonCode.REPLACE_DEAD),
        destroyReasons(report),
        "each replaced instance is destroyed with its reason code");
    tick(loop);
    assertEquals(3, world.destroyed.size(), "the third one tick later");
    assertTrue(world.destroyed.containsAll(victims));
  }

  @Test
  void aCrashLoopingWorkerGetsItsInstanceReplaced() {
    ControlLoop loop = loop(PoolMode.LIVE, 3, 8);
    load(0);
    for (int i = 0; i < 5; i++) {
      tick(loop);
    }
    String flapping = world.instances.keySet().iterator().next();
    for (int restart = 0; restart < 3 && !world.destroyed.contains(flapping); restart++) {
      world.deadWorkers.add(flapping); // crashed; back one tick later, never dead for dead-after
      tick(loop);
      world.deadWorkers.remove(flapping);
      tick(loop);
    }
    assertTrue(
        world.destroyed.contains(flapping), "replaced after its third loss within the window");
    assertEquals(3, world.live());
    assertTrue(
        reports.stream().anyMatch(r -> destroyReasons(r).contains(ReasonCode.CRASH_LOOP)),
        "destroyed as crash-looping");
  }

  @Test
  void massLossIsHeldUntilTheBrokerHasAnsweredWithoutThemForDeadAfter() {
    ControlLoop loop = loop(PoolMode.LIVE, 4, 8);
    load(0);
    for (int i = 0; i < 5; i++) {
      tick(loop);
    }
    world.deadWorkers.addAll(world.instances.keySet());
    Instant lost = now.plus(TICK);
    TickReport last = null;
    while (world.destroyed.isEmpty()) {
      last = tick(loop);
      if (world.destroyed.isEmpty()) {
        assertTrue(last.pools().get(0).raised(ReasonCode.MASS_LOSS), last.toString());
      }
    }
    assertEquals(
        Duration.ofSeconds(30),
        Duration.between(lost, now),
        "replaced once the broker had answered without them for dead-after");
    assertEquals(List.of(ReasonCode.REPLACE_DEAD, ReasonCode.REPLACE_DEAD), destroyReasons(last));
    tick(loop);
    assertEquals(4, world.destroyed.size(), "the other two a tick later");
  }

  private static List<ReasonCode> destroyReasons(TickReport report) {
    return report.pools().get(0).actions().stream()
        .filter(a -> a.action() instanceof Action.Destroy && !a.failed())
        .map(a -> a.action().why().code())
        .toList();
  }

  @Test
  void failingProviderHoldsThePoolAndSaysSo() {
    ControlLoop loop = loop(PoolMode.LIVE, 1, 8);
    tick(loop);
    world.providerDown = true;
    load(50);
    TickReport r = tick(loop);
    assertEquals(1, world.live());
    assertTrue(r.pools().get(0).raised(ReasonCode.PROVIDER_UNAVAILABLE), r.toString());
    assertFalse(
        r.sources().stream()
            .filter(s -> s.name().equals("provider"))
            .findFirst()
            .orElseThrow()
            .ok());
  }

  @Test
  void historyOutageDoesNotStopTheLoop() {
    ControlLoop loop = loop(PoolMode.LIVE, 1, 8);
    historyDown = true;
    load(22);
    TickReport r = tick(loop);
    assertEquals(5, world.live());
    assertFalse(
        r.sources().stream()
            .filter(s -> s.name().equals("history"))
            .findFirst()
            .orElseThrow()
            .ok());
    historyDown = false;
    tick(loop);
    assertFalse(recorded.isEmpty());
  }

  @Test
  void dryRunDecidesButNeverActs() {
    ControlLoop loop = loop(PoolMode.DRY_RUN, 1, 8);
    load(22);
    TickReport r = tick(loop);
    assertEquals(0, world.live());
    assertEquals(5, r.pools().get(0).decision().desired());
    ActionResult held = r.pools().get(0).actions().get(0);
    assertEquals(ActionResult.Status.NOT_ACTED, held.status());
    assertEquals("would launch 5 (dry-run)", held.text());
    switchedTo = PoolMode.LIVE;
    tick(loop);
    assertEquals(5, world.live(), "switched to live without restart");
  }

  @Test
  void learnsLeadTimeFromFirstHeartbeats() {
    ControlLoop loop = loop(PoolMode.LIVE, 2, 8);
    world.bootDelay = Duration.ofSeconds(25);
    for (int i = 0; i < 5; i++) {
      tick(loop);
    }
    assertEquals(Duration.ofSeconds(30), loop.leadTime(), "first seen live on the tick after 25 s");
  }
}
