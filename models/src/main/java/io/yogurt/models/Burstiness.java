package io.yogurt.models;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;

/**
 * How far a minute's arrivals stray from the mean of its forecast step, learned from the recorded
 * history: per band of step means, quantiles of the standardized deviation {@code (count - mean) /
 * sqrt(mean)} of per-minute counts. A Poisson count has the standard normal's quantiles there;
 * bursty traffic has wider ones. Never narrower than Poisson (the floor).
 *
 * @param bandMeans the mean per-minute count of each band (ascending); empty: Poisson only
 * @param levels the quantile levels (ascending, in (0, 1))
 * @param deviations {@code deviations[band][level]}: the standardized deviation at that level
 * @param minutes how many minutes it was learned from
 */
public record Burstiness(double[] bandMeans, double[] levels, double[][] deviations, int minutes)
    implements Serializable {

  /** Arrivals that scatter like a Poisson count: the floor. */
  public static final Burstiness POISSON =
      new Burstiness(new double[0], new double[0], new double[0][], 0);

  public Burstiness {
    if (deviations.length != bandMeans.length) {
      throw new IllegalArgumentException(
          bandMeans.length + " band means but " + deviations.length + " rows of deviations");
    }
  }

  /**
   * The {@code p}-quantile of one minute's count around a step mean of {@code meanPerMinute}, as a
   * count: the learned quantile, carried beyond the highest level learned with a normal tail (the
   * rarer levels are made by a few flash crowds, which no plan can meet at a sane cost); at least
   * the Poisson one (normal approximation).
   */
  public double minuteQuantile(double meanPerMinute, double p) {
    double mean = Math.max(0, meanPerMinute);
    double learned = learned(mean, p);
    double poisson = StandardNormal.quantile(p);
    double z = Double.isNaN(learned) ? poisson : Math.max(poisson, learned);
    return mean + Math.max(0, z) * Math.sqrt(mean);
  }

  /** The learned standardized deviation at {@code p} for a step mean, interpolated; NaN if none. */
  double learned(double mean, double p) {
    if (bandMeans.length == 0 || levels.length == 0) {
      return Double.NaN;
    }
    int hi = 0;
    while (hi < bandMeans.length - 1 && bandMeans[hi] < mean) {
      hi++;
    }
    int lo = Math.max(0, hi - 1);
    double a = atLevel(deviations[lo], p);
    double b = atLevel(deviations[hi], p);
    if (lo == hi || bandMeans[hi] <= bandMeans[lo] || mean >= bandMeans[hi]) {
      return mean <= bandMeans[lo] ? a : b;
    }
    double w = (mean - bandMeans[lo]) / (bandMeans[hi] - bandMeans[lo]);
    return a + w * (b - a);
  }

  /**
   * A row's value at level {@code p}: linear in the normal score between stored levels; beyond the
   * highest, the highest one's excess over Poisson carried on at the same ratio.
   */
  private double atLevel(double[] row, double p) {
    int n = levels.length;
    if (p <= levels[0]) {
      return row[0];
    }
    if (p >= levels[n - 1]) {
      double zTop = StandardNormal.quantile(levels[n - 1]);
      return zTop > 0 ? row[n - 1] * StandardNormal.quantile(p) / zTop : row[n - 1];
    }
    int i = 1;
    while (levels[i] < p) {
      i++;
    }
    double z0 = StandardNormal.quantile(levels[i - 1]);
    double z1 = StandardNormal.quantile(levels[i]);
    double w = (StandardNormal.quantile(p) - z0) / (z1 - z0);
    return row[i - 1] + w * (row[i] - row[i - 1]);
  }

  /** The index of dispersion (variance / mean) a normal with this spread at p90 would have. */
  public double dispersionAt(double meanPerMinute) {
    double z = learned(Math.max(0, meanPerMinute), 0.9);
    double ratio = Double.isNaN(z) ? 1 : z / StandardNormal.quantile(0.9);
    return Math.max(1, ratio * ratio);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Burstiness b
        && minutes == b.minutes
        && Arrays.equals(bandMeans, b.bandMeans)
        && Arrays.equals(levels, b.levels)
        && Arrays.deepEquals(deviations, b.deviations);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bandMeans) * 31 + Arrays.deepHashCode(deviations) + minutes;
  }

  @Override
  public String toString() {
    if (bandMeans.length == 0) {
      return "Poisson";
    }
    return String.format(
        Locale.ROOT,
        "learned from %d minutes, %d bands, dispersion %.1f at %.0f/min",
        minutes,
        bandMeans.length,
        dispersionAt(bandMeans[bandMeans.length / 2]),
        bandMeans[bandMeans.length / 2]);
  }
}
