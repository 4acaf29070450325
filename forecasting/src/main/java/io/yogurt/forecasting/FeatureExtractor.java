package io.yogurt.forecasting;

import static io.yogurt.forecasting.SeriesMath.firstKnown;
import static io.yogurt.forecasting.SeriesMath.lastObserved;
import static io.yogurt.forecasting.SeriesMath.nanMean;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Turns a regular series into regression rows for the direct multi-horizon strategy: one row per
 * (origin, steps ahead), built only from values before the origin. Features: steps ahead, recent
 * level (last value, rolling means), the target's value one day and one week earlier (when those
 * lie before the origin), how the recent level moved against a day and a week ago, and Fourier
 * terms of the target's time of day and day of week (UTC).
 *
 * <p>Gaps are never zero-filled: a missing lag falls back to the next best estimate (a day ago -> a
 * week ago -> the recent mean -> the training mean), so a row is always complete.
 *
 * <p>The regression target is the value minus {@link #baseline} (a seasonal lag, or the recent
 * level plus the seasonal increment), which lets trees, that cannot extrapolate, follow level
 * shifts.
 */
public final class FeatureExtractor implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Feature names, in row order. */
  public static final List<String> NAMES =
      List.of(
          "ahead",
          "last",
          "mean_3",
          "mean_12",
          "mean_day",
          "day_ago",
          "week_ago",
          "day_delta",
          "week_delta",
          "day_increment",
          "week_increment",
          "tod_sin1",
          "tod_cos1",
          "tod_sin2",
          "tod_cos2",
          "tod_sin3",
          "tod_cos3",
          "dow_sin1",
          "dow_cos1",
          "dow_sin2",
          "dow_cos2");

  private final long startMillis;
  private final long stepMillis;
  private final int day;
  private final int week;
  private final double fallback;
  private final Anchor anchor;

  /**
   * What the regression target is measured from. Measured on the shipped traces: linear models do
   * best from "a day ago", trees from "the recent level plus the day-ago increment".
   */
  public enum Anchor {
    DAY_AGO,
    WEEK_AGO,
    RECENT,
    RECENT_PLUS_DAY_INCREMENT,
    RECENT_PLUS_WEEK_INCREMENT;

    double of(double[] row) {
      return switch (this) {
        case DAY_AGO -> row[5];
        case WEEK_AGO -> row[6];
        case RECENT -> row[2];
        case RECENT_PLUS_DAY_INCREMENT -> row[2] + row[9];
        case RECENT_PLUS_WEEK_INCREMENT -> row[2] + row[10];
      };
    }
  }

  /**
   * @param start the instant of index 0 of the series rows will be made from
   * @param step the series' step
   * @param fallback the value used when a row has no data at all nearby (the training mean)
   * @param anchor what the regression target is measured from
   */
  public FeatureExtractor(Instant start, Duration step, double fallback, Anchor anchor) {
    this.startMillis = start.toEpochMilli();
    this.stepMillis = step.toMillis();
    this.day = SeriesMath.stepsIn(Duration.ofDays(1), step);
    this.week = SeriesMath.stepsIn(Duration.ofDays(7), step);
    this.fallback = fallback;
    this.anchor = anchor;
  }

  /** The same extractor for a series that starts elsewhere (same step). */
  public FeatureExtractor rebased(Instant start) {
    return new FeatureExtractor(start, Duration.ofMillis(stepMillis), fallback, anchor);
  }

  /** The same extractor measuring targets from another anchor. */
  public FeatureExtractor withAnchor(Anchor a) {
    return new FeatureExtractor(
        Instant.ofEpochMilli(startMillis), Duration.ofMillis(stepMillis), fallback, a);
  }

  public Anchor anchor() {
    return anchor;
  }

  public int width() {
    return NAMES.size();
  }

  /**
   * The row for the value at {@code origin + ahead - 1}, seeing only {@code v[0, origin)}.
   *
   * @param ahead steps ahead, 1 for the first step after the origin
   */
  public double[] row(double[] v, int origin, int ahead) {
    int t = origin + ahead - 1;
    double recent =
        firstKnown(nanMean(v, origin - 3, origin), lastObserved(v, origin, day), fallback);
    double last = firstKnown(lastObserved(v, origin, 3), recent);
    double mean12 = firstKnown(nanMean(v, origin - 12, origin), recent);
    double meanDay = firstKnown(nanMean(v, origin - day, origin), mean12);
    double weekAgo = firstKnown(seasonal(v, t, week, origin), recent);
    double dayAgo = firstKnown(seasonal(v, t, day, origin), weekAgo);
    double recentDayAgo = nanMean(v, origin - 3 - day, origin - day);
    double recentWeekAgo = nanMean(v, origin - 3 - week, origin - week);
    double dayDelta = Double.isNaN(recentDayAgo) ? 0 : recent - recentDayAgo;
    double weekDelta = Double.isNaN(recentWeekAgo) ? 0 : recent - recentWeekAgo;
    // How the traffic moved from "now" to the target time, a day and a week earlier.
    double dayIncrement = firstKnown(seasonal(v, t, day, origin) - recentDayAgo, 0);
    double weekIncrement = firstKnown(seasonal(v, t, week, origin) - recentWeekAgo, 0);

    long millis = startMillis + (long) t * stepMillis;
    double tod = (Math.floorMod(millis, 86_400_000L)) / 86_400_000.0;
    // 1970-01-01 was a Thursday; the phase only needs to be consistent.
    double dow = (Math.floorMod(millis, 604_800_000L)) / 604_800_000.0;
    return new double[] {
      ahead,
      last,
      recent,
      mean12,
      meanDay,
      dayAgo,
      weekAgo,
      dayDelta,
      weekDelta,
      dayIncrement,
      weekIncrement,
      sin(tod, 1),
      cos(tod, 1),
      sin(tod, 2),
      cos(tod, 2),
      sin(tod, 3),
      cos(tod, 3),
      sin(dow, 1),
      cos(dow, 1),
      sin(dow, 2),
      cos(dow, 2)
    };
  }

  /** The anchor's value for this row: the regression target is the value minus this. */
  public double baseline(double[] row) {
    return anchor.of(row);
  }

  /**
   * The value at {@code t} a whole number of periods back, before the origin; when that is a gap,
   * the mean of its neighbours; NaN if none.
   */
  private static double seasonal(double[] v, int t, int period, int origin) {
    int c = t - period;
    if (c >= origin) {
      c -= period * (int) Math.ceil((c - origin + 1) / (double) period);
    }
    if (c >= 0 && !Double.isNaN(v[c])) {
      return v[c];
    }
    return nanMean(v, Math.max(0, c - 1), Math.min(origin, c + 2));
  }

  private static double sin(double phase, int k) {
    return Math.sin(2 * Math.PI * k * phase);
  }

  private static double cos(double phase, int k) {
    return Math.cos(2 * Math.PI * k * phase);
  }
}
