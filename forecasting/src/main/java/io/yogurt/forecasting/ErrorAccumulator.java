package io.yogurt.forecasting;

import io.yogurt.models.Forecast;
import io.yogurt.models.Series;
import java.util.ArrayList;
import java.util.List;

/**
 * Sums the errors of one model at one step ahead; {@link #score} turns them into a HorizonScore.
 */
final class ErrorAccumulator {

  private int n;
  private int nonZero;
  private double abs;
  private double sq;
  private double smape;
  private double ape;
  private int covered;
  private double pinball;

  void add(double actual, double point, double upper, double q) {
    double e = actual - point;
    n++;
    abs += Math.abs(e);
    sq += e * e;
    double denom = Math.abs(actual) + Math.abs(point);
    smape += denom == 0 ? 0 : 2 * Math.abs(e) / denom;
    if (actual != 0) {
      nonZero++;
      ape += Math.abs(e / actual);
    }
    if (actual <= upper) {
      covered++;
    }
    double u = actual - upper;
    pinball += Math.max(q * u, (q - 1) * u);
  }

  HorizonScore score(int h, double scale) {
    if (n == 0) {
      return new HorizonScore(
          h, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double mae = abs / n;
    return new HorizonScore(
        h,
        n,
        mae,
        Math.sqrt(sq / n),
        scale > 0 ? mae / scale : Double.NaN,
        100 * smape / n,
        nonZero == 0 ? Double.NaN : 100 * ape / nonZero,
        (double) covered / n,
        pinball / n);
  }

  /** One accumulator per step ahead. */
  static ErrorAccumulator[] perStep(int horizon) {
    ErrorAccumulator[] acc = new ErrorAccumulator[horizon];
    for (int h = 0; h < horizon; h++) {
      acc[h] = new ErrorAccumulator();
    }
    return acc;
  }

  /**
   * Adds a forecast issued at {@code origin} against what {@code s} then recorded (gaps left out).
   */
  static void addForecast(ErrorAccumulator[] perStep, Forecast f, Series s, int origin) {
    for (int h = 0; h < perStep.length; h++) {
      double actual = s.valueAt(origin + h);
      if (!Double.isNaN(actual)) {
        perStep[h].add(actual, f.point()[h], f.upper()[h], f.quantile());
      }
    }
  }

  /** The scores, step ahead 1 first. */
  static List<HorizonScore> scores(ErrorAccumulator[] perStep, double scale) {
    List<HorizonScore> scores = new ArrayList<>(perStep.length);
    for (int h = 0; h < perStep.length; h++) {
      scores.add(perStep[h].score(h + 1, scale));
    }
    return scores;
  }
}
