package io.yogurt.forecasting;

import io.yogurt.models.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/** Deterministic test series. */
final class Synthetic {

  static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

  private Synthetic() {}

  /** A daily cycle around 100 with a weekend dip and Gaussian noise of {@code noise}. */
  static Series seasonal(Duration step, int days, double noise, long seed) {
    return seasonal(step, days, noise, seed, 20);
  }

  /** A daily cycle around 100, a weekend dip of {@code dip} and Gaussian noise of {@code noise}. */
  static Series seasonal(Duration step, int days, double noise, long seed, double dip) {
    Random rnd = new Random(seed);
    int n = (int) (Duration.ofDays(days).toMillis() / step.toMillis());
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      double d = i * step.toMillis() / 86_400_000.0;
      double level = 100 + 50 * Math.sin(2 * Math.PI * (d - 0.25)) - (((int) d) % 7 >= 5 ? dip : 0);
      v[i] = Math.max(0, level + noise * rnd.nextGaussian());
    }
    return new Series(START, step, v);
  }
}
