package io.yogurt.forecasting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.models.Progress;
import io.yogurt.models.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTest {

  private static final List<String> MODELS =
      List.of("stl-ets", "ridge", "random-forest", "ensemble", "log-elastic-net", "log-ensemble");

  private final ForecastSettings settings =
      new ForecastSettings(
          MODELS,
          Duration.ofHours(1),
          Duration.ofMinutes(10),
          0.9,
          Duration.ofDays(10),
          Duration.ofHours(1),
          Duration.ofDays(2),
          Duration.ofHours(6));
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
    assertEquals(
        List.of(
            "seasonal-naive-1d",
            "seasonal-naive-1w",
            "stl-ets",
            "ridge",
            "random-forest",
            "ensemble",
            "log-elastic-net",
            "log-ensemble"),
        first.scores().stream().map(ModelScores::model).toList());
    for (int i = 0; i < first.scores().size(); i++) {
      assertEquals(
          first.scores().get(i).meanMase(),
          again.scores().get(i).meanMase(),
          0.0,
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
    ModelScores got =
        sel.scores().stream().filter(m -> m.model().equals("ridge")).findFirst().orElseThrow();
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
    assertEquals(
        "seasonal-naive-1d",
        new Trainer(settings, Progress.NONE).fit("svc", day, sel, Instant.EPOCH).model().name());
  }

  @Test
  void prefersACombinationThatIsWithinOneStandardErrorOfTheBest() {
    Trainer.Selection sel =
        Trainer.choose(
            List.of(
                scored("seasonal-naive-1d", 1.0, 0.05),
                scored("elastic-net", 0.80, 0.03),
                scored("ensemble", 0.82, 0.02),
                scored("log-ensemble", 0.84, 0.02)));
    assertEquals("ensemble", sel.selected());
    assertTrue(
        sel.why().contains("within one standard error (0.030) of elastic-net's 0.800"), sel.why());
  }

  @Test
  void aSingleModelBetterByMoreThanOneStandardErrorWins() {
    Trainer.Selection sel =
        Trainer.choose(
            List.of(
                scored("seasonal-naive-1d", 1.0, 0.05),
                scored("elastic-net", 0.80, 0.01),
                scored("log-ensemble", 0.82, 0.02)));
    assertEquals("elastic-net", sel.selected());
    assertEquals("elastic-net MASE 0.800 beats seasonal-naive 1.000", sel.why());
  }

  @Test
  void aCombinationThatDoesNotBeatSeasonalNaiveIsNotPreferred() {
    Trainer.Selection sel =
        Trainer.choose(
            List.of(
                scored("seasonal-naive-1w", 0.81, 0.05),
                scored("elastic-net", 0.80, 0.03),
                scored("ensemble", 0.82, 0.02)));
    assertEquals("elastic-net", sel.selected());
  }

  @Test
  void withoutAStandardErrorTheLowestScoreWins() {
    assertEquals(
        "elastic-net",
        Trainer.choose(
                List.of(
                    scored("seasonal-naive-1d", 1.0, Double.NaN),
                    scored("elastic-net", 0.80, Double.NaN),
                    scored("ensemble", 0.8001, Double.NaN)))
            .selected());
  }

  @Test
  void theStandardErrorIsOfTheMeanAcrossOrigins() {
    // values 1, 2, 3, 4: sample variance 5/3, standard error sqrt(5/3 / 4)
    assertEquals(Math.sqrt(5.0 / 12), HoldoutScore.standardError(10, 30, 4), 1e-12);
    assertTrue(Double.isNaN(HoldoutScore.standardError(1, 1, 1)));
  }

  @Test
  void holdoutScoresCarryAStandardError() {
    Trainer.Selection sel = new Trainer(settings, Progress.NONE).select(s);
    assertTrue(
        sel.scores().stream()
            .allMatch(m -> m.meanMaseError() > 0 && m.meanMaseError() < m.meanMase()),
        sel.scores().toString());
  }

  /** Scores with the same MASE at every step ahead. */
  private static ModelScores scored(String model, double mase, double error) {
    HorizonScore h = new HorizonScore(1, 100, mase, mase, mase, 0, 0, 0.9, 0);
    return new ModelScores(
        model, List.of(h, new HorizonScore(2, 100, mase, mase, mase, 0, 0, 0.9, 0)), 0, 0, error);
  }
}
