package io.yogurt.simulations;

import java.util.List;

/**
 * SPEC RG elasticity metrics over a timeline (Herbst et al., "Ready for Rain?"): demand {@code d}
 * is the workers the minute's arrivals needed, supply {@code s} the workers serving. Accuracy
 * (theta) is the mean relative shortfall or surplus, timeshare (tau) the share of minutes with one,
 * instability (upsilon) the share of steps where supply and demand moved differently.
 */
final class ElasticityMetrics {

  private static final double EPS = 1e-6;

  int underMinutes;
  int overMinutes;
  double underTimePct;
  double overTimePct;
  double underAccuracyPct;
  double overAccuracyPct;
  double instabilityPct;

  static ElasticityMetrics of(List<MinuteRow> rows) {
    ElasticityMetrics m = new ElasticityMetrics();
    if (rows.isEmpty()) {
      return m;
    }
    double under = 0;
    double over = 0;
    int unstable = 0;
    for (int i = 0; i < rows.size(); i++) {
      MinuteRow r = rows.get(i);
      double d = r.demandWorkers();
      double s = r.workers();
      double scale = Math.max(d, 1);
      if (d - s > EPS) {
        m.underMinutes++;
        under += (d - s) / scale;
      } else if (s - d > EPS) {
        m.overMinutes++;
        over += (s - d) / scale;
      }
      if (i > 0) {
        MinuteRow p = rows.get(i - 1);
        if (sign(s - p.workers()) != sign(d - p.demandWorkers())) {
          unstable++;
        }
      }
    }
    int n = rows.size();
    m.underTimePct = 100.0 * m.underMinutes / n;
    m.overTimePct = 100.0 * m.overMinutes / n;
    m.underAccuracyPct = 100.0 * under / n;
    m.overAccuracyPct = 100.0 * over / n;
    m.instabilityPct = n > 1 ? 100.0 * unstable / (n - 1) : 0;
    return m;
  }

  private static int sign(double x) {
    return x > EPS ? 1 : x < -EPS ? -1 : 0;
  }
}
