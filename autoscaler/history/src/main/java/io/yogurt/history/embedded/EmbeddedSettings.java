package io.yogurt.history.embedded;

import io.yogurt.config.ConfigSection;
import io.yogurt.config.DurationText;
import java.time.Duration;
import java.util.List;

/**
 * Retention of the embedded store: samples are kept as written for {@code keepRaw}, then as
 * per-minute buckets until {@code keepMinutes}, then as {@code coarseStep} buckets until {@code
 * keepCoarse}, then deleted. {@code maxBytes} caps the store's file (0: no cap): once it is
 * reached, writes fail as on a full disk, and the loop says so, rather than filling the disk that
 * everything else on the machine shares.
 */
public record EmbeddedSettings(
    Duration keepRaw,
    Duration keepMinutes,
    Duration coarseStep,
    Duration keepCoarse,
    long maxBytes) {

  public static final EmbeddedSettings DEFAULT =
      new EmbeddedSettings(
          Duration.ofDays(2), Duration.ofDays(35), Duration.ofHours(1), Duration.ofDays(400), 0);

  /** Retention without a size cap. */
  public EmbeddedSettings(
      Duration keepRaw, Duration keepMinutes, Duration coarseStep, Duration keepCoarse) {
    this(keepRaw, keepMinutes, coarseStep, keepCoarse, 0);
  }

  private static final Duration MINUTE = Duration.ofMinutes(1);

  /** Reads the {@code history.embedded} section; every key has a default. */
  public static EmbeddedSettings from(ConfigSection s) {
    Duration max = Duration.ofDays(3650);
    Duration keepRaw = s.duration("keep-raw", DEFAULT.keepRaw, Duration.ofHours(1), max);
    Duration keepMinutes =
        s.duration("keep-minutes", DEFAULT.keepMinutes, Duration.ofHours(1), max);
    Duration coarseStep =
        s.duration("coarse-step", DEFAULT.coarseStep, Duration.ofMinutes(2), Duration.ofDays(1));
    Duration keepCoarse = s.duration("keep-coarse", DEFAULT.keepCoarse, Duration.ofDays(1), max);
    if (keepMinutes.compareTo(keepRaw) < 0) {
      s.error(
          "keep-minutes",
          "got "
              + DurationText.format(keepMinutes)
              + ", expected at least keep-raw ("
              + DurationText.format(keepRaw)
              + ")");
    }
    if (keepCoarse.compareTo(keepMinutes) < 0) {
      s.error(
          "keep-coarse",
          "got "
              + DurationText.format(keepCoarse)
              + ", expected at least keep-minutes ("
              + DurationText.format(keepMinutes)
              + ")");
    }
    if (coarseStep.toMillis() % MINUTE.toMillis() != 0) {
      s.error(
          "coarse-step",
          "got "
              + DurationText.format(coarseStep)
              + ", expected a whole number of minutes (it is made of per-minute buckets)");
    }
    long maxBytes = s.integer("max-bytes", 0, 0, Integer.MAX_VALUE);
    if (maxBytes > 0 && maxBytes < 16384) {
      s.error("max-bytes", "got " + maxBytes + ", expected 0 (no cap) or at least 16384");
    }
    return new EmbeddedSettings(keepRaw, keepMinutes, coarseStep, keepCoarse, maxBytes);
  }

  /**
   * The downsampling tiers, coarsest first: late points that fall in an old coarse bucket merge
   * straight into it rather than into a minute bucket at the same instant.
   */
  List<Tier> tiers() {
    return List.of(new Tier(keepMinutes, coarseStep), new Tier(keepRaw, MINUTE));
  }

  /** Rows older than {@code after} are merged into buckets {@code step} wide. */
  record Tier(Duration after, Duration step) {}
}
