package io.yogurt.autoscaler.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.models.Action;
import io.yogurt.models.Forecast;
import io.yogurt.models.ManualOverride;
import io.yogurt.models.PolicyMemory;
import io.yogurt.models.ReasonCode;
import io.yogurt.models.StandardNormal;
import io.yogurt.models.WorkerStatus;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Table tests: each row is one situation and what the step must make of it. */
class StepsTest {

  @ParameterizedTest(name = "{0} workers, {1} req/s, {2} queued -> {3} {4}")
  @CsvSource({
    // current, rate, queued, desired, reason  (capacity 10/s at 50% = 5/s planned per worker)
    "2, 10, 0, 2, HOLD",
    "2, 11, 0, 3, SCALE_UP_LOAD",
    "2, 0, 300, 1, SCALE_DOWN", // 300 queued over 30s = 10/s = 1 worker at full capacity
    "2, 10, 600, 4, SCALE_UP_BACKLOG", // 2 for load + 2 for backlog
    "4, 1, 0, 1, SCALE_DOWN",
    "3, 0, 0, 0, SCALE_DOWN",
  })
  void reactive(int current, double rate, int queued, int desired, ReasonCode reason) {
    Inputs in = Inputs.pool(current).rate(rate);
    in.queued = queued;
    Draft d =
        new ReactiveRecommendation(Duration.ofSeconds(30)).apply(Draft.of(current), in.build());
    assertEquals(desired, d.desired());
    assertEquals(reason, d.reasons().get(0).code());
  }

  @ParameterizedTest(name = "floor under a forecast: {0} workers, {1} req/s, {2} queued -> {3}")
  @CsvSource({
    "2, 11, 0, 2", // 11 req/s at full capacity (10/s) is 2 workers, not 3
    "2, 25, 0, 3",
    "2, 10, 600, 3", // the backlog still counts in full: 1 for load + 2 for 20/s of backlog
  })
  void reactiveFloorAtFullCapacity(int current, double rate, int queued, int desired) {
    Inputs in = Inputs.pool(current).rate(rate);
    in.queued = queued;
    in.forecast =
        Optional.of(
            new Forecast(
                "m", Inputs.NOW, Duration.ofMinutes(5), 0.9, new double[] {0}, new double[] {0}));
    Draft d =
        new ReactiveRecommendation(Duration.ofSeconds(30), true)
            .apply(Draft.of(current), in.build());
    assertEquals(desired, d.desired());
  }

  @ParameterizedTest(name = "no forecast: the floor plans {1} req/s at the target utilization")
  @CsvSource({"2, 11, 3", "2, 25, 5"})
  void withoutAForecastTheFloorIsTheReactivePolicy(int current, double rate, int desired) {
    Inputs in = Inputs.pool(current).rate(rate);
    Draft d =
        new ReactiveRecommendation(Duration.ofSeconds(30), true)
            .apply(Draft.of(current), in.build());
    assertEquals(desired, d.desired());
  }

  @ParameterizedTest(name = "blind pool of {0} holds")
  @CsvSource({"0", "3", "7"})
  void reactiveHoldsWhenBlind(int current) {
    Inputs in = Inputs.pool(current);
    in.blind = true;
    Draft d =
        new ReactiveRecommendation(Duration.ofSeconds(30)).apply(Draft.of(current), in.build());
    assertEquals(current, d.desired());
    assertEquals(ReasonCode.BLIND, d.reasons().get(0).code());
  }

  @ParameterizedTest(name = "min {0} max {1}: {2} -> {3}")
  @CsvSource({
    "1, 6, 9, 6, CAPPED_MAX",
    "2, 6, 0, 2, RAISED_MIN",
    "2, 6, 4, 4, ",
  })
  void clamp(int min, int max, int wanted, int result, ReasonCode reason) {
    Inputs in = Inputs.pool(3);
    in.min = min;
    in.max = max;
    Draft d = new Clamp().apply(Draft.of(3).to(wanted, ReasonCode.SCALE_UP_LOAD, "x"), in.build());
    assertEquals(result, d.desired());
    assertEquals(reason, reason == null ? null : d.reasons().get(1).code());
    assertTrue(
        reason == null || d.reasons().get(1).message().contains("(m"), d.reasons().toString());
  }

  @ParameterizedTest(name = "{0} -> {1} with steps +{2} or +{5}/-{3} gives {4}")
  @CsvSource({
    "2, 10, 3, 1, 5, 0",
    "8, 2, 3, 2, 6, 0",
    "4, 6, 3, 1, 6, 0",
    "30, 200, 10, 2, 60, 1", // a big pool may double in one decision
    "30, 200, 10, 2, 45, 0.5",
    "3, 50, 10, 2, 13, 1", // a small one may still add max-step-up
    "30, 200, 10, 2, 40, 0", // share 0: max-step-up alone
    "31, 40, 10, 2, 40, 1",
  })
  void stepLimit(int current, int wanted, int up, int down, int result, double share) {
    Inputs in = Inputs.pool(current);
    in.stepUp = up;
    in.stepDown = down;
    in.stepUpShare = share;
    Draft d =
        new StepLimit()
            .apply(Draft.of(current).to(wanted, ReasonCode.SCALE_UP_LOAD, "x"), in.build());
    assertEquals(result, d.desired());
  }

  @ParameterizedTest(name = "recommended {1} {2}s ago; now {0} -> {3}")
  @CsvSource({
    "2, 5, 60, 5", // 5 recommended a minute ago: keep 5 (current is 5)
    "2, 5, 400, 2", // outside the 5-minute window: scale in
    "2, 4, 60, 4",
  })
  void stabilization(int wanted, int earlier, int secondsAgo, int result) {
    Inputs in = Inputs.pool(5);
    in.memory =
        PolicyMemory.EMPTY.remember(
            Inputs.NOW.minusSeconds(secondsAgo), earlier, Duration.ofHours(1));
    Draft d =
        new ScaleInStabilization()
            .apply(Draft.of(5).to(wanted, ReasonCode.SCALE_DOWN, "x"), in.build());
    assertEquals(result, d.desired());
    if (result != wanted) {
      assertEquals(ReasonCode.STABILIZED, d.reasons().get(1).code());
    }
  }

  @ParameterizedTest(name = "cooldown {0}s, last scale-in {1}s ago: 5 -> 3 gives {2}")
  @CsvSource({
    "0, 10, 3, ", // no cooldown configured
    "120, 60, 5, COOLDOWN", // inside the cooldown: hold
    "120, 180, 3, ", // after it: scale in
  })
  void cooldown(int cooldownSeconds, int secondsAgo, int result, ReasonCode reason) {
    Inputs in = Inputs.pool(5);
    in.cooldown = Duration.ofSeconds(cooldownSeconds);
    in.memory = PolicyMemory.EMPTY.scaledDown(Inputs.NOW.minusSeconds(secondsAgo));
    Draft d =
        new ScaleInCooldown().apply(Draft.of(5).to(3, ReasonCode.SCALE_DOWN, "x"), in.build());
    assertEquals(result, d.desired());
    assertEquals(reason, reason == null ? null : d.reasons().get(1).code());
    Draft up =
        new ScaleInCooldown().apply(Draft.of(5).to(7, ReasonCode.SCALE_UP_LOAD, "x"), in.build());
    assertEquals(7, up.desired(), "scale-up is never held back");
  }

  @ParameterizedTest(name = "scale-in with booting={0}, in flight={1} -> {2}")
  @CsvSource({
    "false, 0, 2",
    "true, 0, 4",
    "false, 1, 4",
  })
  void noScaleInWhileLaunching(boolean booting, int inFlight, int result) {
    Inputs in = Inputs.pool(3);
    if (booting) {
      in.instance("p-new", Inputs.NOW.minusSeconds(30), null);
    }
    in.launchesInFlight = inFlight;
    Draft d =
        new LaunchInFlightGuard(new InstanceHealth())
            .apply(Draft.of(4).to(2, ReasonCode.SCALE_DOWN, "x"), in.build());
    assertEquals(result, d.desired());
  }

  @ParameterizedTest(name = "standard normal quantile of {0} is {1}")
  @CsvSource({
    "0.5, 0",
    "0.9, 1.2815516",
    "0.95, 1.6448536",
    "0.999, 3.0902323",
    "0.01, -2.3263479"
  })
  void standardNormal(double p, double z) {
    assertEquals(z, StandardNormal.quantile(p), 1e-6);
  }

  @ParameterizedTest(name = "override {0} holds against later steps")
  @CsvSource({"SCALE, 20, 20", "PAUSE, 0, 3"})
  void overrideWinsAndIsFrozen(ManualOverride.Kind kind, int count, int result) {
    Inputs in = Inputs.pool(3);
    in.override =
        Optional.of(new ManualOverride("p", kind, count, Inputs.NOW.plusSeconds(60), "test", "me"));
    Draft d =
        new ManualOverrideStep().apply(Draft.of(3).to(1, ReasonCode.SCALE_DOWN, "x"), in.build());
    d = new Clamp().apply(d, in.build());
    assertEquals(result, d.desired());
    assertTrue(d.frozen());
  }

  @ParameterizedTest(name = "expired override is ignored")
  @CsvSource({"SCALE", "PAUSE"})
  void expiredOverride(ManualOverride.Kind kind) {
    Inputs in = Inputs.pool(3);
    in.override = Optional.of(new ManualOverride("p", kind, 9, Inputs.NOW, "", ""));
    Draft d = new ManualOverrideStep().apply(Draft.of(3), in.build());
    assertEquals(3, d.desired());
    assertTrue(d.reasons().isEmpty());
  }

  @ParameterizedTest(name = "drain order prefers no worker, then idle, then newest")
  @CsvSource({"1, none", "2, idle-new", "3, idle-old"})
  void drainOrder(int surplus, String lastChosen) {
    Inputs in = new Inputs();
    in.min = 0;
    in.instance("busy-new", Inputs.NOW.minusSeconds(600), WorkerStatus.State.BUSY);
    in.instance("idle-old", Inputs.NOW.minusSeconds(3600), WorkerStatus.State.IDLE);
    in.instance("idle-new", Inputs.NOW.minusSeconds(900), WorkerStatus.State.IDLE);
    in.instance("none", Inputs.NOW.minusSeconds(1800), null);
    var planned =
        new ActionPlanner(new InstanceHealth())
            .plan(Draft.of(4).to(4 - surplus, ReasonCode.SCALE_DOWN, "x"), in.build());
    assertEquals(surplus, planned.size());
    var last = (Action.Drain) planned.get(planned.size() - 1);
    assertEquals(lastChosen, last.instance().name());
  }
}
