package io.yogurt.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.config.ConfigFile;
import io.yogurt.config.InvalidInputException;
import java.io.StringReader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulationSettingsTest {

  private static ConfigFile yaml(String text) throws InvalidInputException {
    return ConfigFile.parse("sim.yaml", new StringReader(text), k -> null);
  }

  @Test
  void defaultsWhenTheSectionIsAbsent() throws InvalidInputException {
    ConfigFile f = yaml("{}");
    assertEquals(
        SimulationSettings.DEFAULTS, SimulationSettings.from(f.root().section("simulation")));
    f.finish();
  }

  @Test
  void readsEveryKey() throws InvalidInputException {
    ConfigFile f =
        yaml(
            """
        simulation:
          boot-delay: 90s
          boot-jitter: 5s
          price-per-hour: 0.5
          minimum-billed: 0s
          capacity: 3
          launch-failure-rate: 0.1
          boot-failure-rate: 0.02
          queue-limit: 1000
          rate-scale: 4
          seed: 99
          burstiness: 12.5
        """);
    SimulationSettings s = SimulationSettings.from(f.root().section("simulation"));
    f.finish();
    assertEquals(
        new SimulationSettings(
            Duration.ofSeconds(90),
            Duration.ofSeconds(5),
            0.5,
            Duration.ZERO,
            3,
            Duration.ofSeconds(5),
            0.1,
            0.02,
            1000,
            4,
            99,
            12.5,
            0.95),
        s);
  }

  @Test
  void badValuesAreCollectedWithTheirLines() throws InvalidInputException {
    ConfigFile f =
        yaml(
            """
        simulation:
          boot-delay: 10s
          boot-jitter: 20s
          launch-failure-rate: 2
        """);
    SimulationSettings.from(f.root().section("simulation"));
    InvalidInputException e = assertThrows(InvalidInputException.class, f::finish);
    assertTrue(
        e.getMessage().contains("boot-jitter") && e.getMessage().contains("line 3"),
        e.getMessage());
    assertTrue(e.getMessage().contains("launch-failure-rate"), e.getMessage());
  }
}
