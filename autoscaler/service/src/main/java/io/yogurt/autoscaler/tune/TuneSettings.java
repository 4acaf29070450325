package io.yogurt.autoscaler.tune;

import io.yogurt.config.ConfigSection;
import java.time.Duration;

/**
 * The {@code tune:} section: whether {@code yogurt run} tunes its pools' margins by replaying the
 * recorded history, how often, and over how much of it.
 *
 * @param enabled false: margins stay as configured unless {@code yogurt tune --apply} is run
 * @param every how often the job replays and applies
 * @param since how much recent history each replay covers
 * @param threads replays run at once; 0: one, so that the loop keeps a core
 */
public record TuneSettings(boolean enabled, Duration every, Duration since, int threads) {

  public static final TuneSettings DEFAULTS =
      new TuneSettings(true, Duration.ofDays(1), Duration.ofDays(7), 1);

  public static TuneSettings from(ConfigSection s) {
    TuneSettings d = DEFAULTS;
    return new TuneSettings(
        s.bool("enabled", d.enabled()),
        s.duration("every", d.every(), Duration.ofHours(1), Duration.ofDays(30)),
        s.duration("since", d.since(), Duration.ofHours(6), Duration.ofDays(60)),
        s.integer("threads", d.threads(), 1, 64));
  }
}
