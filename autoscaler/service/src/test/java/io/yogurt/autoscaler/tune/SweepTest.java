package io.yogurt.autoscaler.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.yogurt.autoscaler.Settings;
import io.yogurt.config.ConfigFile;
import io.yogurt.config.InvalidInputException;
import io.yogurt.models.PoolSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepTest {

  private final PoolSpec pool;

  SweepTest() throws InvalidInputException {
    pool = Settings.load(ConfigFile.none()).pools().get(0).spec();
  }

  @Test
  void sweepsBothPoliciesAroundTheirDefaults() {
    List<Margins> sweep = Sweep.of(pool);
    assertEquals(10, sweep.stream().filter(m -> m.policy().equals("reactive")).count());
    assertEquals(12, sweep.stream().filter(m -> m.policy().equals("predictive")).count());
  }

  @Test
  void goesFurtherAlongTheDemandQuantileOneStepAtATime() {
    List<List<Margins>> further = Sweep.further(pool);
    assertEquals(
        List.of(
            "demand-quantile 99.95%, scale-in-stabilization 1m",
            "demand-quantile 99.95%, scale-in-stabilization 10m"),
        further.get(0).stream().map(Margins::label).toList());
    assertEquals(
        List.of("99.95", "99.98", "99.99"),
        further.stream()
            .map(step -> step.get(0).label().replaceAll("demand-quantile ([0-9.]+)%.*", "$1"))
            .toList());
  }
}
