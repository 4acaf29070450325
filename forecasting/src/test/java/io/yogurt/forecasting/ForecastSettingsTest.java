package io.yogurt.forecasting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.config.ConfigFile;
import io.yogurt.config.InvalidInputException;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecastSettingsTest {

  private static ConfigFile yaml(String text) throws Exception {
    return ConfigFile.parse("test.yaml", new StringReader(text), k -> null);
  }

  @Test
  void defaultsWhenTheSectionIsAbsent() throws Exception {
    ConfigFile f = yaml("{}");
    ForecastSettings s = ForecastSettings.from(f.root().section("forecast"));
    f.finish();
    assertEquals(ForecastSettings.DEFAULTS, s);
    assertEquals(12, s.horizonSteps());
  }

  @Test
  void readsEveryKey() throws Exception {
    ConfigFile f =
        yaml(
            """
        forecast:
          models: [ridge, gbm]
          horizon: 30m
          step: 1m
          quantile: 0.95
          training-window: 7d
          retrain-every: 2h
          min-history: 1d
          live-window: 3h
          training-threads: 1
        """);
    ForecastSettings s = ForecastSettings.from(f.root().section("forecast"));
    f.finish();
    assertEquals(
        new ForecastSettings(
            List.of("ridge", "gbm"),
            Duration.ofMinutes(30),
            Duration.ofMinutes(1),
            0.95,
            Duration.ofDays(7),
            Duration.ofHours(2),
            Duration.ofDays(1),
            Duration.ofHours(3),
            1),
        s);
    assertEquals(1, s.fittingThreads());
    assertEquals(
        Runtime.getRuntime().availableProcessors(), ForecastSettings.DEFAULTS.fittingThreads());
  }

  @Test
  void namesTheKeyAndLineOfEveryMistake() throws Exception {
    ConfigFile f =
        yaml(
            """
        forecast:
          models: [ridge, gbn]
          quantile: 1.5
          horizon: soon
          training-threads: -1
        """);
    ForecastSettings.from(f.root().section("forecast"));
    InvalidInputException e = assertThrows(InvalidInputException.class, f::finish);
    assertTrue(
        e.getMessage().contains("forecast.models") && e.getMessage().contains("gbn"),
        e.getMessage());
    assertTrue(e.getMessage().contains("forecast.quantile"), e.getMessage());
    assertTrue(e.getMessage().contains("forecast.horizon"), e.getMessage());
    assertTrue(e.getMessage().contains("forecast.training-threads"), e.getMessage());
  }
}
