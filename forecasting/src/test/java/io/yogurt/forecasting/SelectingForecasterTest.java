package io.yogurt.forecasting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.yogurt.models.Progress;
import io.yogurt.models.Series;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectingForecasterTest {

  /**
   * It fits what the training job would: the selection on the last training window, nothing older.
   */
  @Test
  void fitsTheModelTheTrainerSelectsOnTheLastTrainingWindow() {
    ForecastSettings settings =
        new ForecastSettings(
            List.of("stl-ets", "ridge", "log-elastic-net"),
            Duration.ofHours(1),
            Duration.ofMinutes(10),
            0.9,
            Duration.ofDays(7),
            Duration.ofHours(1),
            Duration.ofDays(2),
            Duration.ofHours(6));
    Series s = Synthetic.seasonal(Duration.ofMinutes(10), 10, 4, 3);
    Series window = s.slice(s.size() - 7 * 144, s.size());

    CalibratedModel got = new SelectingForecaster(settings).fit(s);
    Trainer.Selection expected = new Trainer(settings, Progress.NONE).select(window);

    assertEquals(expected.selected(), got.name());
    assertArrayEquals(
        expected.fitted().forecast(window, 6).point(), got.forecast(window, 6).point(), 0.0);
    assertEquals("auto", new SelectingForecaster(settings).name());
  }
}
