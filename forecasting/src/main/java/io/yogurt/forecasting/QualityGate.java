package io.yogurt.forecasting;

import io.yogurt.models.Forecaster;
import io.yogurt.models.Series;
import java.time.Duration;
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
   * Live: forecasts from origins in the last {@code window} of {@code series} (every horizon/2)
   * with {@code model} and with a seasonal-naive model fitted on the data before the window, and
   * compares their MAE over the steps observed so far.
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
    for (int o = n - w; o < n; o += every) {
      Series past = series.slice(0, o);
      int steps = Math.min(h, n - o);
      double[] pm = model.forecast(past, steps).point();
      double[] pb = baseline.forecast(past, steps).point();
      for (int k = 0; k < steps; k++) {
        double y = series.valueAt(o + k);
        if (!Double.isNaN(y)) {
          modelErr += Math.abs(y - pm[k]);
          baseErr += Math.abs(y - pb[k]);
          count++;
        }
      }
    }
    if (count == 0) {
      return new Verdict(
          true, Double.NaN, Double.NaN, "no recent data to judge " + model.name() + " on");
    }
    double me = modelErr / count;
    double be = baseErr / count;
    boolean pass = ModelCatalog.BASELINES.contains(model.name()) || me <= be;
    return new Verdict(
        pass,
        me,
        be,
        String.format(
            Locale.ROOT,
            "%s live MAE %.2f %s seasonal-naive-1d %.2f over the last %s",
            model.name(),
            me,
            pass ? "<=" : ">",
            be,
            window));
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
