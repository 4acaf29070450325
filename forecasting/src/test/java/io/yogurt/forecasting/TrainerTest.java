package io.yogurt.forecasting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.models.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTest {

  private static final List<String> MODELS =
      List.of("stl-ets", "ridge", "random-forest", "ensemble", "log-elastic-net", "log-ensemble");

  private final ForecastSettings settings = new ForecastSettings(MODELS, Duration.ofHours(1),
      Duration.ofMinutes(10), 0.9, Duration.ofDays(10), Duration.ofHours(1), Duration.ofDays(2), Duration.ofHours(6));
  private final Series s = Synthetic.seasonal(Duration.ofMinutes(10), 10, 4, 21);

  @Test
  void keepsTheWinnerFittedInsteadOfFittingItAgain() {
    Trainer trainer = new Trainer(settings, Progress.NONE);
    Trainer.Selection sel = trainer.select(s);
    assertNotNull(sel.fitted());
    assertEquals(sel.selected(), sel.fitted().name());
    assertSame(sel.fitted(), trainer.fit("svc", s, sel, s.end()).model());
  }

  @Test
  void scoresEveryCandidateInTheConfiguredOrderTheSameEveryTime() {
    Trainer.Selection first = new Trainer(settings, Progress.NONE).select(s);
    Trainer.Selection again = new Trainer(settings, Progress.NONE).select(s);
    assertEquals(List.of("seasonal-naive-1d", "seasonal-naive-1w", "stl-ets", "ridge", "random-forest",
        "ensemble", "log-elastic-net", "log-ensemble"), first.scores().stream().map(ModelScores::model).toList());
    for (int i = 0; i < first.scores().size(); i++) {
      assertEquals(first.scores().get(i).meanMase(), again.scores().get(i).meanMase(), 0.0,
          first.scores().get(i).model() + " scored differently in parallel fits");
    }
    assertEquals(first.selected(), again.selected());
    assertTrue(first.scores().stream().allMatch(m -> m.meanMase() > 0), first.scores().toString());
  }

  /** The score is the model's error on the tail its point model did not see. */
  @Test
  void scoresOnTheHeldOutTailOnly() {
    Trainer.Selection sel = new Trainer(settings, Progress.NONE).select(s);
    int horizon = 6;
    int from = PointForecaster.holdoutStart(s.size(), horizon, s.step());
    CalibratedModel ridge = ModelCatalog.create("ridge", settings.horizon(), 0.9).fit(s);
    ModelScores expected = HoldoutScore.score(ridge, s, from, horizon, horizon / 2, 0);
    ModelScores got = sel.scores().stream().filter(m -> m.model().equals("ridge")).findFirst().orElseThrow();
    assertEquals(expected.meanMase(), got.meanMase(), 1e-12);
    assertTrue(from < s.size() - 2 * horizon, "a tail is held out: " + from + " of " + s.size());
  }

  @Test
  void tooLittleHistoryFallsBackToSeasonalNaiveWithoutFitting() {
    Series day = s.slice(0, 150);
    Trainer.Selection sel = new Trainer(settings, Progress.NONE).select(day);
    assertEquals("seasonal-naive-1d", sel.selected());
    assertNull(sel.fitted());
    assertTrue(sel.why().contains("too little history"), sel.why());
    assertEquals("seasonal-naive-1d",
        new Trainer(settings, Progress.NONE).fit("svc", day, sel, Instant.EPOCH).model().name());
  }
}
