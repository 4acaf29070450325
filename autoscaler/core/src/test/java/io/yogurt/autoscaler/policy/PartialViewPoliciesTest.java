package io.yogurt.autoscaler.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.models.Decision;
import io.yogurt.models.Forecast;
import io.yogurt.models.ReasonCode;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every policy that follows the load keeps a partial view apart from an empty one: with one broker
 * blind, the load seen is a lower bound, so none scales in on it (and each still scales up).
 */
class PartialViewPoliciesTest {

  @ParameterizedTest
  @ValueSource(strings = {"reactive", "predictive"})
  void noScaleInWhileABrokerIsBlind(String policy) {
    Inputs in = Inputs.pool(8).rate(2); // 2 req/s seen: one worker's worth
    in.stabilization = Duration.ZERO;
    in.blindBrokers = List.of("tcp://second:5555");
    in.forecast = Optional.of(lowForecast());
    Decision d = Policies.byName(policy, 0, Duration.ofSeconds(30)).decide(in.build());
    assertEquals(8, d.desired(), d.why());
    assertTrue(d.reasons().stream().anyMatch(r -> r.code() == ReasonCode.PARTIAL_VIEW), d.why());
  }

  @ParameterizedTest
  @ValueSource(strings = {"reactive", "predictive"})
  void withEveryBrokerAnsweringTheSameViewScalesIn(String policy) {
    Inputs in = Inputs.pool(8).rate(2);
    in.stabilization = Duration.ZERO;
    in.forecast = Optional.of(lowForecast());
    Decision d = Policies.byName(policy, 0, Duration.ofSeconds(30)).decide(in.build());
    assertTrue(d.desired() < 8, d.why());
  }

  /** A forecast of the same low load over the next hour. */
  private static Forecast lowForecast() {
    double[] perStep = new double[12];
    Arrays.fill(perStep, 2 * 300.0);
    return new Forecast("m", Inputs.NOW, Duration.ofMinutes(5), 0.9, perStep, perStep.clone());
  }
}
