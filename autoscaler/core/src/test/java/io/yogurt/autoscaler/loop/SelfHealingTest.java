package io.yogurt.autoscaler.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.autoscaler.policy.Policies;
import io.yogurt.config.ConfigFile;
import io.yogurt.config.InvalidInputException;
import io.yogurt.models.Action;
import io.yogurt.models.ActionResult;
import io.yogurt.models.ForecastSource;
import io.yogurt.models.History;
import io.yogurt.models.ManualOverride;
import io.yogurt.models.OverrideSource;
import io.yogurt.models.PoolMode;
import io.yogurt.models.PoolSpec;
import io.yogurt.models.ReasonCode;
import io.yogurt.models.Series;
import io.yogurt.models.SeriesQuery;
import io.yogurt.models.TickReport;
import io.yogurt.models.TickReport.PoolTick;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The loop's healing and memory against the fake world, tick by tick: mass loss held then
 * confirmed, a blind broker, lead times, the pool's launch budget, forecast-only, and memory that
 * outlives the instance that ticked.
 */
class SelfHealingTest {

  private static final Duration TICK = Duration.ofSeconds(10);

  private final FakeWorld world = new FakeWorld();
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private Instant resumedAt;
  private PoolMode mode = PoolMode.LIVE;

  private final OverrideSource people =
      new OverrideSource() {
        @Override
        public Optional<ManualOverride> active(String pool, Instant at) {
          return Optional.empty();
        }

        @Override
        public Optional<PoolMode> mode(String pool) {
          return Optional.of(mode);
        }

        @Override
        public Optional<Instant> resumedAt(String pool) {
          return Optional.ofNullable(resumedAt);
        }
      };

  private static final History NO_HISTORY =
      new History() {
        @Override
        public void append(List<io.yogurt.models.Sample> samples) {}

        @Override
        public Series read(SeriesQuery q) {
          throw new AssertionError("the loop does not read history");
        }
      };

  private ControlLoop loop(int min, int max, String loopYaml, LoopMemoryStore memory)
      throws InvalidInputException {
    ConfigFile file =
        ConfigFile.parse("test.yaml", new StringReader("loop:\n" + loopYaml), k -> null);
    LoopSettings settings = LoopSettings.from(file.root().section("loop"));
    file.finish();
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
                10,
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                Duration.ZERO),
            "reactive",
            PoolMode.LIVE,
            2);
    return new ControlLoop(
        settings,
        List.of(pool),
        Map.of("p", Policies.byName("reactive", 0, Duration.ofSeconds(30))),
        world,
        world,
        world,
        NO_HISTORY,
        ForecastSource.NONE,
        people,
        List.of(),
        memory);
  }

  private ControlLoop loop(int min, int max) throws InvalidInputException {
    return loop(min, max, "  tick: 10s\n", LoopMemoryStore.NONE);
  }

  private PoolTick tick(ControlLoop loop) {
    now = now.plus(TICK);
    world.at(now);
    TickReport r = loop.tick(now);
    return r.pools().get(0);
  }

  private void load(double perSecond) {
    world.arrivalsPerLook = Math.round(perSecond * TICK.toSeconds());
  }

  @Test
  void aBrokerRestartReplacesNothing() throws Exception {
    ControlLoop loop = loop(4, 8);
    for (int i = 0; i < 5; i++) {
      tick(loop);
    }
    world.brokerDown = true;
    tick(loop);
    world.brokerDown = false;
    world.deadWorkers.addAll(world.instances.keySet()); // up again, workers reconnecting
    PoolTick t = tick(loop);
    assertTrue(t.raised(ReasonCode.MASS_LOSS), t.events().toString());
    tick(loop);
    world.deadWorkers.clear(); // back within their back-off
    for (int i = 0; i < 10; i++) {
      tick(loop);
    }
    assertEquals(List.of(), world.destroyed);
    assertEquals(4, world.launches == 1 ? 4 : -1, "no launch beyond the first");
  }

  @Test
  void aMassLossClockStartsAgainWhenTheBrokerStopsAnswering() throws Exception {
    ControlLoop loop = loop(4, 8);
    for (int i = 0; i < 5; i++) {
      tick(loop);
    }
    world.deadWorkers.addAll(world.instances.keySet());
    tick(loop); // lost, seen by an answering broker
    world.brokerDown = true;
    tick(loop);
    tick(loop);
    world.brokerDown = false;
    Instant answering = now.plus(TICK);
    while (world.destroyed.isEmpty()) {
      tick(loop);
    }
    assertEquals(
        Duration.ofSeconds(30),
        Duration.between(answering, now),
        "dead-after counted from when the broker answered again");
  }

  @Test
  void aBlindBrokerCausesNoScaleInAndNoReplacementButTheKnownLoadStillScalesUp() throws Exception {
    world.twoBrokers = true;
    ControlLoop loop = loop(1, 20);
    load(40); // 8 workers at 5 req/s each
    for (int i = 0; i < 6; i++) {
      tick(loop);
    }
    assertEquals(8, world.live());
    world.secondBrokerDown = true; // half the workers and half the load unseen
    PoolTick t = null;
    for (int i = 0; i < 12; i++) {
      t = tick(loop);
    }
    assertEquals(8, world.live(), "no scale-in on a blind spot: " + t.decision().why());
    assertEquals(List.of(), world.destroyed, "nothing replaced: their workers may be there");
    assertTrue(world.drained.isEmpty());
    assertTrue(t.raised(ReasonCode.PARTIAL_VIEW), t.events().toString());
    assertTrue(
        t.events().stream().anyMatch(e -> e.message().startsWith("tcp://second did not answer")),
        t.events().toString());
    assertTrue(
        t.decision().reasons().stream().anyMatch(r -> r.code() == ReasonCode.PARTIAL_VIEW),
        t.decision().why());

    load(120); // 60 req/s seen at the first broker: 12 workers at least
    t = tick(loop);
    assertEquals(12, world.live(), "sized up from what is known: " + t.decision().why());
  }

  @Test
  void leadTimeIsLearnedPerPoolOnlyFromLaunchesSeenBooting() throws Exception {
    world.at(now.minus(Duration.ofHours(2)));
    world.launch("p", 2, "before-the-restart");
    world.bootDelay = Duration.ofSeconds(25);
    ControlLoop loop = loop(3, 8);
    tick(loop); // two already live at the first look; one launched
    assertEquals(Duration.ofSeconds(60), loop.leadTime("p"), "the live ones taught nothing");
    for (int i = 0; i < 4; i++) {
      tick(loop);
    }
    assertEquals(Duration.ofSeconds(30), loop.leadTime("p"), "first heartbeat seen 30 s after");
  }

  @Test
  void leadTimeOutliersAreCut() {
    LeadTimeEstimator e = new LeadTimeEstimator(Duration.ofSeconds(60), TICK);
    for (long s : new long[] {30, 40, 30, 40, 30, 900}) {
      e.observed(Duration.ofSeconds(s));
    }
    assertEquals(Duration.ofSeconds(34), e.current());
    assertTrue(e.toString().contains("1 outlier cut"), e.toString());
  }

  @Test
  void instancesThatNeverServeSuspendThePoolsLaunchesUntilItsBackOffEndsOrAPersonResumes()
      throws Exception {
    world.bootDelay = Duration.ofDays(1); // the package fails its checksum: no worker, ever
    ControlLoop loop = loop(1, 8);
    PoolTick t = null;
    for (int i = 0; i < 40 && (t == null || !t.raised(ReasonCode.LAUNCHES_SUSPENDED)); i++) {
      t = tick(loop);
    }
    assertTrue(t.raised(ReasonCode.LAUNCHES_SUSPENDED), t.events().toString());
    assertEquals(3, world.launches, "the first instance and two replacements");
    assertEquals(1, world.live(), "the third failed one stays, unreplaced");
    String line =
        t.events().stream()
            .filter(e -> e.code() == ReasonCode.LAUNCHES_SUSPENDED)
            .findFirst()
            .orElseThrow()
            .message();
    assertTrue(line.startsWith("3 failed instances within 1800s"), line);
    assertTrue(line.contains("never served"), line);
    assertTrue(line.contains("`yogurt resume p`"), line);
    for (int i = 0; i < 29; i++) { // the 5-minute back-off
      t = tick(loop);
      assertTrue(t.raised(ReasonCode.LAUNCHES_SUSPENDED), "tick " + i + ": " + t.events());
    }
    assertEquals(3, world.launches, "nothing launched while suspended");
    t = tick(loop);
    assertTrue(t.raised(ReasonCode.LAUNCHES_RESUMED), t.events().toString());
    assertEquals(4, world.launches, "retried after the back-off");
    for (int i = 0; i < 10 && !t.raised(ReasonCode.LAUNCHES_SUSPENDED); i++) {
      t = tick(loop);
    }
    assertTrue(t.raised(ReasonCode.LAUNCHES_SUSPENDED), "one more failure suspends at once");
    assertTrue(
        t.events().toString().contains("until " + now.plus(Duration.ofMinutes(10))),
        "the back-off doubled: " + t.events());
    resumedAt = now.plusSeconds(1);
    t = tick(loop);
    assertTrue(
        t.events().stream()
            .anyMatch(
                e ->
                    e.code() == ReasonCode.LAUNCHES_RESUMED
                        && e.message().startsWith("resumed by a person")),
        t.events().toString());
    assertEquals(5, world.launches);
  }

  @Test
  void aCrashLoopingPoolStopsRelaunching() throws Exception {
    ControlLoop loop = loop(1, 8);
    for (int i = 0; i < 4; i++) {
      tick(loop);
    }
    PoolTick t = null;
    for (int i = 0; i < 60 && (t == null || !t.raised(ReasonCode.LAUNCHES_SUSPENDED)); i++) {
      // every worker of the pool crashes and is restarted by its supervisor, tick after tick
      if (i % 2 == 0) {
        world.deadWorkers.addAll(world.instances.keySet());
      } else {
        world.deadWorkers.clear();
      }
      t = tick(loop);
    }
    assertTrue(t.raised(ReasonCode.LAUNCHES_SUSPENDED), t.events().toString());
    assertEquals(3, world.launches, "the first instance and two replacements");
    assertEquals(2, world.destroyed.size(), "the third crash-looped too and stays, unreplaced");
    assertTrue(t.events().toString().contains("CRASH_LOOP"), t.events().toString());
    int launches = world.launches;
    for (int i = 0; i < 10; i++) {
      tick(loop);
    }
    assertEquals(launches, world.launches);
  }

  @Test
  void aWorkerRestartedFasterThanTheTickIsStillALoss() throws Exception {
    ControlLoop loop = loop(2, 8);
    for (int i = 0; i < 4; i++) {
      tick(loop);
    }
    String flapping = world.instances.keySet().iterator().next();
    PoolTick t = null;
    for (int i = 0; i < 3; i++) {
      // crashed and was restarted by its supervisor between two looks
      world.registrations.put(flapping, world.registrations.getOrDefault(flapping, 1) + 1);
      t = tick(loop);
    }
    assertTrue(world.destroyed.contains(flapping), t.actionsTaken().toString());
    assertTrue(t.actionsTaken().toString().contains("CRASH_LOOP"), t.actionsTaken().toString());
  }

  @Test
  void forecastOnlyReportsTheSizeItWouldWantAndDoesNothing() throws Exception {
    mode = PoolMode.FORECAST_ONLY;
    ControlLoop loop = loop(1, 8);
    load(22);
    PoolTick t = tick(loop);
    assertEquals(0, world.live());
    assertEquals(5, t.decision().desired());
    assertEquals(List.of(), t.actions(), "nothing decided: no action, not even held back");
    assertTrue(
        t.decision().why().contains("FORECAST_ONLY: no forecast (no good model yet); would want 5"),
        t.decision().why());
  }

  /** A store in PostgreSQL's place: shared by the loops, as two instances share the database. */
  private static final class SharedMemory implements LoopMemoryStore {
    final Map<String, PoolMemory> saved = new HashMap<>();

    @Override
    public boolean shared() {
      return true;
    }

    @Override
    public Optional<PoolMemory> load(String pool) {
      return Optional.ofNullable(saved.get(pool));
    }

    @Override
    public void save(String pool, PoolMemory memory) {
      saved.put(pool, memory);
    }
  }

  @Test
  void theInstanceTickingNextFinishesTheDrainsOfTheOneBeforeAndReplacesNothingDraining()
      throws Exception {
    SharedMemory shared = new SharedMemory();
    ControlLoop a = loop(0, 8, "  tick: 10s\n", shared);
    ControlLoop b = loop(0, 8, "  tick: 10s\n", shared);
    load(12); // 3 workers
    for (int i = 0; i < 4; i++) {
      tick(a);
    }
    world.busy.addAll(world.instances.keySet()); // busy: the drains take a while
    load(0);
    PoolTick t = null;
    while (world.drained.isEmpty()) {
      t = tick(a);
    }
    int drained = world.drained.size();
    assertTrue(drained > 0 && world.destroyed.isEmpty(), t.toString());
    // a dies; b ticks from now on
    for (int i = 0; i < 2; i++) {
      t = tick(b);
      assertEquals(drained, world.drained.size(), "no re-drain: " + t.actionsTaken());
      assertEquals(List.of(), world.destroyed, "nothing draining replaced: " + t.actionsTaken());
    }
    world.busy.clear();
    t = tick(b);
    assertEquals(
        List.of(ReasonCode.DRAINED),
        t.actions().stream()
            .filter(r -> !r.failed() && r.action() instanceof Action.Destroy)
            .map(r -> r.action().why().code())
            .distinct()
            .toList(),
        "b finished a's drains");
    assertEquals(world.drained.size(), world.destroyed.size());
    assertFalse(t.actions().stream().anyMatch(ActionResult::failed));
  }
}
