package io.yogurt.forecasting;

import io.yogurt.models.Forecaster;
import io.yogurt.models.Series;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A model is used only while it beats seasonal-naive: at training (backtest MASE on the training
 * window) and live (MAE over a recent window it was not trained on). A model that loses is demoted.
 */
public final class QualityGate {

  /** The gate's verdict, with numbers for the log line. */
  public record Verdict(boolean pass, double modelError, double baselineError, String why) {}

  private QualityGate() {}

  /** At training: the candidate's score must be below the best baseline's. */
  public static Verdict admit(String model, double mase, double baselineMase) {
    if (ModelCatalog.BASELINES.contains(model)) {
      return new Verdict(true, mase, baselineMase, model + " is a baseline");
    }
    boolean pass = mase < baselineMase;
    return new Verdict(
        pass,
        mase,
        baselineMase,
        String.format(
            Locale.ROOT,
            "%s MASE %.3f %s seasonal-naive %.3f",
            model,
            mase,
            pass ? "beats" : "does not beat",
            baselineMase));
  }

  /**
   * How many standard errors worse than seasonal-naive a model must be, live, to be demoted: a
   * one-sided test at about 2.5 % (Diebold-Mariano). A model that is merely not better over a few
   * hours is noise, and a demotion costs hours of reactive scaling.
   */
  static final double DEMOTE_AT_STANDARD_ERRORS = 1.96;

  /**
   * Live: forecasts from origins in the last {@code window} of {@code series} (every horizon/2)
   * with {@code model} and with a seasonal-naive model fitted on the data before the window, and
   * compares their absolute errors over the steps observed so far, paired by origin. The model
   * fails when its MAE is higher by more than {@link #DEMOTE_AT_STANDARD_ERRORS} standard errors of
   * the mean difference (Newey-West with one lag: neighbouring origins share half their steps).
   */
  public static Verdict live(
      Forecaster.Model model, Series series, Duration window, Duration horizon, double quantile) {
    int n = series.size();
    int w = Math.min(n / 2, SeriesMath.stepsIn(window, series.step()));
    int h = SeriesMath.stepsIn(horizon, series.step());
    int every = Math.max(1, h / 2);
    Forecaster naive = ModelCatalog.create(ModelCatalog.SEASONAL_NAIVE_DAY, horizon, quantile);
    Forecaster.Model baseline = naive.fit(series.slice(0, n - w));
    double modelErr = 0;
    double baseErr = 0;
    int count = 0;
    List<Double> perOrigin = new ArrayList<>();
    for (int o = n - w; o < n; o += every) {
      Series past = series.slice(0, o);
      int steps = Math.min(h, n - o);
      double[] pm = model.forecast(past, steps).point();
      double[] pb = baseline.forecast(past, steps).point();
      double diff = 0;
      int seen = 0;
      for (int k = 0; k < steps; k++) {
        double y = series.valueAt(o + k);
        if (!Double.isNaN(y)) {
          modelErr += Math.abs(y - pm[k]);
          baseErr += Math.abs(y - pb[k]);
          diff += Math.abs(y - pm[k]) - Math.abs(y - pb[k]);
          seen++;
          count++;
        }
      }
      if (seen > 0) {
        perOrigin.add(diff / seen);
      }
    }
    if (count == 0) {
      return new Verdict(
          true, Double.NaN, Double.NaN, "no recent data to judge " + model.name() + " on");
    }
    double me = modelErr / count;
    double be = baseErr / count;
    double se = standardErrorOfMean(perOrigin);
    boolean baselineModel = ModelCatalog.BASELINES.contains(model.name());
    boolean pass = baselineModel || me <= be || me - be <= DEMOTE_AT_STANDARD_ERRORS * se;
    String verdict =
        me <= be
            ? "<="
            : pass ? "> (within " + DEMOTE_AT_STANDARD_ERRORS + " standard errors)" : ">";
    return new Verdict(
        pass,
        me,
        be,
        String.format(
            Locale.ROOT,
            "%s live MAE %.2f %s seasonal-naive-1d %.2f over the last %s (standard error of the"
                + " difference %.2f)",
            model.name(),
            me,
            verdict,
            be,
            window,
            se));
  }

  /**
   * The standard error of the mean of {@code d}, with the first autocovariance (Bartlett weight
   * 1/2) for overlapping forecast windows; 0 with fewer than two values, so that a single origin's
   * difference is taken at face value.
   */
  static double standardErrorOfMean(List<Double> d) {
    int m = d.size();
    if (m < 2) {
      return 0;
    }
    double mean = d.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    double g0 = 0;
    double g1 = 0;
    for (int i = 0; i < m; i++) {
      double x = d.get(i) - mean;
      g0 += x * x;
      if (i > 0) {
        g1 += x * (d.get(i - 1) - mean);
      }
    }
    g0 /= m;
    g1 /= m;
    double variance = Math.max(g0 + g1, g0 / m);
    return Math.sqrt(variance / m);
  }

  static double bestBaseline(List<ModelScores> scores) {
    return scores.stream()
        .filter(s -> ModelCatalog.BASELINES.contains(s.model()))
        .mapToDouble(ModelScores::meanMase)
        .filter(x -> !Double.isNaN(x))
        .min()
        .orElse(Double.NaN);
  }
}
