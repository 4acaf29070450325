package io.yogurt.forecasting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.models.Forecast;
import io.yogurt.models.Forecaster;
import io.yogurt.models.Progress;
import io.yogurt.models.Series;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ModelsTest {

  static List<String> models() {
    return ModelCatalog.NAMES;
  }

  /** Every model forecasts a seasonal series much better than its training mean does. */
  @ParameterizedTest
  @MethodSource("models")
  void beatsTheNaiveMeanOnASeasonalSeries(String name) {
    Series s = Synthetic.seasonal(Duration.ofMinutes(10), 16, 4, 7);
    int day = 144;
    int train = 14 * day;
    Forecaster.Model m = ModelCatalog.create(name, Duration.ofHours(2), 0.9).fit(s.slice(0, train));
    double mean = SeriesMath.nanMean(s.values(), 0, train);
    double modelError = 0;
    double meanError = 0;
    for (int o = train; o + 12 <= s.size(); o += 7) {
      Forecast f = m.forecast(s.slice(0, o), 12);
      assertEquals(12, f.horizon());
      assertEquals(s.timeAt(o), f.origin());
      for (int h = 0; h < 12; h++) {
        modelError += Math.abs(s.valueAt(o + h) - f.point()[h]);
        meanError += Math.abs(s.valueAt(o + h) - mean);
        assertTrue(f.upper()[h] >= f.point()[h], name + " upper below point at h=" + h);
      }
    }
    assertTrue(
        modelError < 0.5 * meanError,
        name + ": MAE " + modelError + " vs the naive mean's " + meanError);
  }

  /**
   * The calibrated upper quantile covers about the nominal share on noise it has not seen (no
   * weekend dip: a calibration tail of weekdays cannot know about weekends).
   */
  @ParameterizedTest
  @MethodSource("models")
  void upperQuantileCoverageIsCloseToNominal(String name) {
    Series s = Synthetic.seasonal(Duration.ofMinutes(10), 21, 10, 11, 0);
    BacktestProtocol p =
        new BacktestProtocol(
            Duration.ofDays(14),
            Duration.ofDays(7),
            Duration.ofHours(1),
            Duration.ofHours(1),
            Duration.ofDays(7));
    BacktestResult r =
        new Backtest(p, Progress.NONE).run(s, List.of(ModelCatalog.create(name, p.horizon(), 0.9)));
    double coverage = r.models().get(0).meanCoverage();
    assertTrue(coverage > 0.82 && coverage < 0.97, name + " covered " + coverage + " for p90");
  }

  @ParameterizedTest
  @MethodSource("models")
  void gapsInTheHistoryDoNotBreakFitting(String name) {
    Series s = Synthetic.seasonal(Duration.ofMinutes(10), 10, 4, 3);
    double[] v = s.values().clone();
    for (int i = 0; i < v.length; i += 13) {
      v[i] = Double.NaN;
    }
    Arrays.fill(v, 500, 700, Double.NaN);
    Series gappy = new Series(s.start(), s.step(), v);
    Forecast f = ModelCatalog.create(name, Duration.ofHours(1), 0.9).fit(gappy).forecast(gappy, 6);
    for (int h = 0; h < 6; h++) {
      assertTrue(Double.isFinite(f.point()[h]) && Double.isFinite(f.upper()[h]), name + " h=" + h);
    }
  }
}
