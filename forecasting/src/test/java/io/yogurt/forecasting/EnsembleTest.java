package io.yogurt.forecasting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.models.Forecast;
import io.yogurt.models.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnsembleTest {

  private static final Duration HORIZON = Duration.ofHours(1);

  /** Forecasts a constant (NaN: a member with nothing to say) and counts its fits. */
  private static final class Constant extends PointForecaster {
    final double value;
    int fits;

    Constant(String name, double value) {
      super(name, HORIZON, 0.9);
      this.value = value;
    }

    @Override
    PointModel fitPoint(Series history) {
      fits++;
      return (PointModel)
          (v, start, origin, horizon) -> {
            double[] p = new double[horizon];
            Arrays.fill(p, value);
            return p;
          };
    }
  }

  private static Series series(long seed) {
    return Synthetic.seasonal(Duration.ofMinutes(10), 9, 4, seed);
  }

  @Test
  void forecastsTheMedianOfItsMembersLeavingGapsOut() {
    List<PointForecaster> members =
        List.of(
            new Constant("low", 1),
            new Constant("mid", 5),
            new Constant("high", 100),
            new Constant("none", Double.NaN));
    Series s = series(1);
    Forecast f = new Ensemble("e", members, HORIZON, 0.9).fit(s).forecast(s, 6);
    double[] five = new double[6];
    Arrays.fill(five, 5);
    assertArrayEquals(five, f.point(), 1e-12);
  }

  @Test
  void reusesTheFitsOfMembersFittedOnTheSameData() {
    Constant a = new Constant("a", 1);
    Constant b = new Constant("b", 2);
    Series s = series(2);
    CalibratedModel alone = a.fit(s); // as a backtest fits each candidate before the ensemble
    new Ensemble("e", List.of(a, b), HORIZON, 0.9).fit(s);
    assertEquals(1, a.fits, "a was fitted on this window already");
    assertEquals(1, b.fits);
    assertEquals("a", alone.name()); // in use until here, as a backtest keeps its members' models

    new Ensemble("e", List.of(a, b), HORIZON, 0.9).fit(series(3));
    assertEquals(2, a.fits, "other data: a new fit");
  }

  @Test
  void itsUpperQuantileIsCalibratedAndItsMembersAreNamed() {
    Series s = series(4);
    int train = 8 * 144;
    CalibratedModel m =
        (CalibratedModel)
            ModelCatalog.create(ModelCatalog.ENSEMBLE, HORIZON, 0.9).fit(s.slice(0, train));
    assertTrue(
        m.offsets()[0] > 0,
        "conformal offset from the calibration tail: " + Arrays.toString(m.offsets()));
    assertEquals(
        ModelCatalog.ENSEMBLE_MEMBERS.stream().map(n -> "member " + n).toList(),
        List.copyOf(m.importance().keySet()));
    Forecast f = m.forecast(s.slice(0, train), 6);
    for (int h = 0; h < 6; h++) {
      assertTrue(f.upper()[h] > f.point()[h], "upper above point at h=" + h);
    }
    assertEquals(Instant.parse("2026-01-13T00:00:00Z"), f.origin());
  }
}
