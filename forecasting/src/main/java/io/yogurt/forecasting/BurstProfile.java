package io.yogurt.forecasting;

import io.yogurt.models.Burstiness;
import io.yogurt.models.Series;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Learns how a service's arrivals scatter within a forecast step from its per-minute history: for
 * every step whose minutes were all recorded, each minute's standardized deviation from the step's
 * mean, {@code (count - mean) / sqrt(mean)}; their quantiles per band of step means (bursts are
 * often wider, relative to Poisson, at high load). Poisson when the history holds too little.
 */
public final class BurstProfile {

  /**
   * The levels stored, from the median to p99: two weeks of minutes leave 200 beyond p99, enough
   * for a stable estimate; the rarer levels are made by a few flash crowds, and are carried on from
   * p99 with a normal tail instead ({@link Burstiness#minuteQuantile}).
   */
  static final double[] LEVELS = {0.5, 0.75, 0.9, 0.95, 0.98, 0.99};

  /** Bands of step means: enough to follow a level effect, few enough to fill each band. */
  static final int BANDS = 4;

  /** Half a day of minutes at least: fewer leave the upper levels to a handful of minutes. */
  static final int MIN_MINUTES = 720;

  private BurstProfile() {}

  /** The burstiness of {@code perMinute} (a 1-minute series) within steps of {@code step}. */
  public static Burstiness learn(Series perMinute, Duration step) {
    int k = (int) (step.toMillis() / Duration.ofMinutes(1).toMillis());
    if (!perMinute.step().equals(Duration.ofMinutes(1)) || k < 2) {
      return Burstiness.POISSON;
    }
    // Align to the step grid the forecast uses (steps start at multiples of the step).
    long stepMillis = step.toMillis();
    long startMillis = perMinute.start().toEpochMilli();
    int first = (int) (Math.floorMod(-startMillis, stepMillis) / 60_000);
    List<double[]> steps = new ArrayList<>();
    double[] v = perMinute.values();
    for (int s = first; s + k <= v.length; s += k) {
      double sum = 0;
      boolean complete = true;
      for (int j = s; j < s + k && complete; j++) {
        complete = !Double.isNaN(v[j]);
        sum += complete ? v[j] : 0;
      }
      double mean = sum / k;
      // Under one request a minute a step says little about bursts; Poisson covers it.
      if (complete && mean >= 1) {
        double[] z = new double[k + 1];
        z[0] = mean;
        for (int j = 0; j < k; j++) {
          z[j + 1] = (v[s + j] - mean) / Math.sqrt(mean);
        }
        steps.add(z);
      }
    }
    if (steps.size() * k < MIN_MINUTES) {
      return Burstiness.POISSON;
    }
    steps.sort(Comparator.comparingDouble(z -> z[0]));
    int bands = Math.min(BANDS, steps.size() * k / MIN_MINUTES);
    double[] bandMeans = new double[bands];
    double[][] deviations = new double[bands][];
    for (int b = 0; b < bands; b++) {
      List<double[]> band = steps.subList(b * steps.size() / bands, (b + 1) * steps.size() / bands);
      double[] means = band.stream().mapToDouble(z -> z[0]).toArray();
      double[] all = band.stream().flatMapToDouble(z -> Arrays.stream(z, 1, z.length)).toArray();
      bandMeans[b] = SeriesMath.quantile(means, 0.5);
      deviations[b] = new double[LEVELS.length];
      for (int l = 0; l < LEVELS.length; l++) {
        deviations[b][l] = SeriesMath.quantile(all, LEVELS[l]);
      }
    }
    return new Burstiness(bandMeans, LEVELS.clone(), deviations, steps.size() * k);
  }
}
