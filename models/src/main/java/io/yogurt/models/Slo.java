package io.yogurt.models;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A pool's service level: in a good minute, the {@code percentile} of queue waits is at most {@code
 * wait}; at least {@code goodMinutes} of all minutes must be good. Validated where the config is
 * read.
 *
 * @param maxWait the queue wait the percentile must stay under
 * @param percentile the share of a minute's requests that must wait no longer, in (0, 1)
 * @param goodMinutes the share of minutes that must be good, in (0, 1)
 */
public record Slo(Duration maxWait, double percentile, double goodMinutes) {

  /** Five seconds at the 95th percentile in 99.5 % of minutes: a web service's usual promise. */
  public static final Slo DEFAULT = new Slo(Duration.ofSeconds(5), 0.95, 0.995);

  public Slo {
    Objects.requireNonNull(maxWait, "maxWait");
    if (!(percentile > 0 && percentile < 1) || !(goodMinutes > 0 && goodMinutes < 1)) {
      throw new IllegalArgumentException(
          "percentile and good-minutes must be in (0, 1), got " + percentile + ", " + goodMinutes);
    }
  }

  /** "p95 wait <= 5s in 99.5% of minutes". */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "p%s wait <= %ss in %s%% of minutes",
        trim(percentile * 100),
        trim(maxWait.toMillis() / 1000.0),
        trim(goodMinutes * 100));
  }

  private static String trim(double x) {
    return x == Math.rint(x)
        ? Long.toString((long) x)
        : String.format(Locale.ROOT, "%.6g", x).replaceAll("0+$", "");
  }
}
