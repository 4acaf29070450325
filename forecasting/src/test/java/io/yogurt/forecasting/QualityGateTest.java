package io.yogurt.forecasting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.models.Forecast;
import io.yogurt.models.Forecaster;
import io.yogurt.models.Series;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QualityGateTest {

  private static final Duration STEP = Duration.ofMinutes(10);
  private static final int PER_DAY = 144;
  private final Series series = Synthetic.seasonal(STEP, 14, 10, 3);

  /** Yesterday's value at the same time, plus a bias and noise of its own. */
  private static Forecaster.Model yesterdayPlus(double bias, double noise, long seed) {
    Random rnd = new Random(seed);
    return new Forecaster.Model() {
      @Override
      public String name() {
        return "test-model";
      }

      @Override
      public Forecast forecast(Series recent, int horizon) {
        double[] p = new double[horizon];
        for (int k = 0; k < horizon; k++) {
          p[k] = recent.valueAt(recent.size() - PER_DAY + k) + bias + noise * rnd.nextGaussian();
        }
        return new Forecast(name(), recent.end(), STEP, 0.9, p, p.clone());
      }
    };
  }

  private QualityGate.Verdict judge(Forecaster.Model m) {
    return QualityGate.live(m, series, Duration.ofHours(6), Duration.ofHours(1), 0.9);
  }

  @Test
  void aModelWorseThanSeasonalNaiveOnlyByChanceIsKept() {
    QualityGate.Verdict v = judge(yesterdayPlus(0, 2, 7));
    assertTrue(v.modelError() > v.baselineError(), "worse on this window: " + v.why());
    assertTrue(v.pass(), v.why());
    assertTrue(v.why().contains("within 1.96 standard errors"), v.why());
  }

  @Test
  void aModelClearlyWorseThanSeasonalNaiveIsDemoted() {
    QualityGate.Verdict v = judge(yesterdayPlus(25, 0, 7));
    assertFalse(v.pass(), v.why());
    assertTrue(v.why().contains("live MAE"), v.why());
  }

  @Test
  void theStandardErrorCountsNeighbouringOriginsThatMoveTogether() {
    List<Double> alternating = List.of(1.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0, -1.0);
    List<Double> runs = List.of(1.0, 1.0, 1.0, 1.0, -1.0, -1.0, -1.0, -1.0);
    // Same variance; runs of alike neighbours say less about the mean than alternation does.
    assertTrue(
        QualityGate.standardErrorOfMean(runs) > QualityGate.standardErrorOfMean(alternating));
    assertEquals(0, QualityGate.standardErrorOfMean(List.of(3.0)));
    assertEquals(0, QualityGate.standardErrorOfMean(List.of(2.0, 2.0, 2.0)));
  }
}
