package io.yogurt.forecasting;

import io.yogurt.models.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The median of other models' point forecasts, step by step. A median of models that err in
 * different ways (a decomposition, a linear and a tree regression, last week's value) is steadier
 * than any one of them, and one member going astray cannot drag it along. The members are fitted on
 * the same data as they would be alone, so a backtest or selection that has just fitted them reuses
 * those fits ({@link FitCache}); the upper quantile is calibrated like any other model's.
 */
final class Ensemble extends PointForecaster {

  private final List<PointForecaster> members;

  Ensemble(String name, List<PointForecaster> members, Duration horizon, double quantile) {
    super(name, horizon, quantile);
    this.members = List.copyOf(members);
  }

  @Override
  boolean buildsOnOtherFits() {
    return true;
  }

  @Override
  PointModel fitPoint(Series history) {
    Map<String, PointModel> fitted = new LinkedHashMap<>();
    for (PointForecaster m : members) {
      fitted.put(m.name(), FitCache.fit(m, history));
    }
    return new Median(fitted);
  }

  /** The median of the members' point forecasts, per step ahead; a member's gap is left out. */
  private record Median(Map<String, PointModel> members) implements PointModel {
    private static final long serialVersionUID = 1L;

    Median {
      members = new LinkedHashMap<>(members); // serializable, in the listed order
    }

    @Override
    public double[] predict(double[] values, Instant start, int origin, int horizon) {
      double[][] each = new double[members.size()][];
      int i = 0;
      for (PointModel m : members.values()) {
        each[i++] = m.predict(values, start, origin, horizon);
      }
      double[] out = new double[horizon];
      double[] column = new double[each.length];
      for (int h = 0; h < horizon; h++) {
        for (int k = 0; k < each.length; k++) {
          column[k] = Math.max(0, each[k][h]); // as each member's own forecast is clipped
        }
        out[h] = SeriesMath.quantile(column, 0.5);
      }
      return out;
    }

    /** The members the median is taken over, each with an equal share. */
    @Override
    public Map<String, Double> importance() {
      Map<String, Double> share = new LinkedHashMap<>();
      members.keySet().forEach(name -> share.put("member " + name, 1.0 / members.size()));
      return share;
    }
  }
}
