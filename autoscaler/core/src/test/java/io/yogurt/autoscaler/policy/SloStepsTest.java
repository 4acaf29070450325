package io.yogurt.autoscaler.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.yogurt.models.Burstiness;
import io.yogurt.models.Forecast;
import io.yogurt.models.ReasonCode;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Table tests of the SLO steps: the queueing model, the demand quantile, the scale-in hold. */
class SloStepsTest {

  /** Textbook Erlang C values (the probability that a request waits) for c workers at a erlangs. */
  @ParameterizedTest(name = "Erlang C({0}, {1}) = {2}")
  @CsvSource({
    "2, 1, 0.333333",
    "3, 2, 0.444444",
    "10, 8, 0.409180",
    "20, 15, 0.160429",
    "100, 90, 0.216940",
    "5, 5, 1",
    "5, 0, 0"
  })
  void erlangC(int c, double a, double expected) {
    assertEquals(expected, ErlangC.probabilityOfWaiting(c, a), 1e-6);
  }

  @ParameterizedTest(name = "{0} req/s on workers of {1}/s, p{3} wait <= {2}s -> {4} workers")
  @CsvSource({
    "0.5, 0.05, 5, 0.95, 15", // slow workers (20 s each): the wait target needs slack
    "100, 10, 5, 0.95, 11", // fast workers: a 5 s wait is 50 service times, nearly full
    "10, 1, 5, 0.95, 11",
    "0, 1, 5, 0.95, 0",
    "8, 1, 0.5, 0.8, 10",
  })
  void workersForTheWaitTarget(
      double lambda, double mu, double waitSeconds, double percentile, int workers) {
    Duration wait = Duration.ofMillis((long) (waitSeconds * 1000));
    int c = ErlangC.workersFor(lambda, mu, wait, percentile);
    assertEquals(workers, c);
    if (c > 1) {
      // the smallest such c: one fewer would miss the target
      double fewer = ErlangC.probabilityWaitExceeds(c - 1, lambda, mu, wait);
      assertEquals(true, fewer > 1 - percentile, "c-1 = " + (c - 1) + " gives " + fewer);
    }
  }

  /**
   * A 5-minute step forecast at 3000 (600 a minute) with its p90 at 3300: at p99.5 the step's
   * margin is 300 / 5 * z(0.995) / z(0.9) = 120.6 a minute; a Poisson minute adds z(0.995) *
   * sqrt(600) = 63.1; together in quadrature 136.1: 12.27 req/s. A minute may run 5 s / (0.95 * 60
   * s) = 8.8 % over the capacity and keep its p95 wait under 5 s, so 11.28 req/s are planned: 12
   * workers of 1/s by Erlang C. Learned bursts of 7.0 at p99 (three times Poisson's at p90),
   * carried to p99.5 with a normal tail, make it 13.75 req/s and 14 workers.
   */
  @ParameterizedTest(name = "demand quantile {0}, bursty {1} -> {2} req/s, {3} workers")
  @CsvSource({
    "0.995, false, 12.268, 12",
    "0.995, true, 13.749, 14",
    "0.9, false, 11.129, 11",
  })
  void demandQuantile(double q, boolean bursty, double demand, int workers) {
    Inputs in = Inputs.pool(2);
    in.capacity = 1;
    in.demandQuantile = q;
    Burstiness b =
        bursty
            ? new Burstiness(
                new double[] {600}, new double[] {0.9, 0.99}, new double[][] {{3.84, 7.0}}, 1000)
            : Burstiness.POISSON;
    Forecast f = stepForecast(Duration.ofMinutes(5), 3000, 3300, 2).withBurstiness(b);
    SloCapacity.Need need = SloCapacity.atStep(f, in.build().pool(), 0);
    assertEquals(demand, need.demand(), 1e-3);
    assertEquals(workers, need.workers());
  }

  @Test
  void burstinessIsNeverBelowPoisson() {
    Burstiness calm =
        new Burstiness(
            new double[] {100}, new double[] {0.9, 0.99}, new double[][] {{0.1, 0.2}}, 500);
    assertEquals(
        Burstiness.POISSON.minuteQuantile(100, 0.99), calm.minuteQuantile(100, 0.99), 1e-9);
  }

  @ParameterizedTest(name = "forecast of {0}/min: {1} workers -> {2} ({3})")
  @CsvSource({
    "2400, 2, 4, SCALE_UP_FORECAST", // 40 req/s, 36.8 after the overload a minute may carry: 4
    "60, 3, 3, ", // never lowers the reactive floor
  })
  void predictiveRaisesToTheSloNeed(double perMinute, int reactive, int result, ReasonCode code) {
    Inputs in = Inputs.pool(2);
    in.forecast = Optional.of(stepForecast(Duration.ofMinutes(1), perMinute, perMinute, 3));
    Draft d =
        new PredictiveRecommendation()
            .apply(Draft.of(2).to(reactive, ReasonCode.HOLD, "x"), in.build());
    assertEquals(result, d.desired());
    assertEquals(code, d.reasons().size() > 1 ? d.reasons().get(1).code() : null);
  }

  @Test
  void predictiveWithoutForecastHolds() {
    Draft d = new PredictiveRecommendation().apply(Draft.of(2), Inputs.pool(2).build());
    assertEquals(2, d.desired());
    assertEquals(ReasonCode.HOLD, d.reasons().get(0).code());
  }

  /**
   * Five workers wanted down to two; 30-second forecast steps, a boot (lead time) of 60 s and a
   * minimum billed minute. 45 req/s (5 workers of 10/s) comes back in step {@code busyStep}.
   */
  @ParameterizedTest(name = "busy again in step {0} -> keep {1} ({2})")
  @CsvSource({
    "1, 5, KEPT_FOR_GAP", // 30-60 s: within a boot, a relaunch would be late
    "3, 5, KEPT_FOR_BILLING", // 90-120 s: within a boot plus the minimum billed minute
    "5, 2, ", // 150-180 s: not needed soon, give it back
  })
  void scaleInHold(int busyStep, int kept, ReasonCode code) {
    Inputs in = Inputs.pool(5);
    double[] perStep = new double[8];
    Arrays.fill(perStep, 5 * 30); // 5 req/s: one worker
    perStep[busyStep] = 45 * 30;
    in.forecast =
        Optional.of(
            new Forecast("m", Inputs.NOW, Duration.ofSeconds(30), 0.9, perStep, perStep.clone()));
    Draft d =
        new ForecastScaleInHold().apply(Draft.of(5).to(2, ReasonCode.SCALE_DOWN, "x"), in.build());
    assertEquals(kept, d.desired());
    assertEquals(code, d.reasons().size() > 1 ? d.reasons().get(1).code() : null);
  }

  @Test
  void scaleInHoldLeavesScaleUpAlone() {
    Inputs in = Inputs.pool(2);
    in.forecast = Optional.of(stepForecast(Duration.ofSeconds(30), 45 * 30, 45 * 30, 8));
    Draft up = Draft.of(2).to(4, ReasonCode.SCALE_UP_LOAD, "x");
    assertEquals(up, new ForecastScaleInHold().apply(up, in.build()));
  }

  @Test
  void aForecastThatEndedCoversNothing() {
    Inputs in = Inputs.pool(2);
    Forecast old =
        new Forecast(
            "m",
            Inputs.NOW.minus(Duration.ofHours(2)),
            Duration.ofMinutes(5),
            0.9,
            new double[] {1},
            new double[] {1});
    assertNull(SloCapacity.over(old, in.build().pool(), Inputs.NOW, Inputs.NOW.plusSeconds(70)));
  }

  private static Forecast stepForecast(Duration step, double point, double upper, int steps) {
    double[] p = new double[steps];
    double[] u = new double[steps];
    Arrays.fill(p, point);
    Arrays.fill(u, upper);
    return new Forecast("m", Inputs.NOW, step, 0.9, p, u);
  }

  @Test
  void quantilesReadAsShortExactPercentages() {
    assertEquals("90", SloCapacity.percent(0.9));
    assertEquals("99.5", SloCapacity.percent(0.995));
    assertEquals("99.95", SloCapacity.percent(0.9995));
    assertEquals("99.99", SloCapacity.percent(0.9999));
  }
}
