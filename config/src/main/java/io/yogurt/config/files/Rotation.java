package io.yogurt.config.files;

import io.yogurt.config.ConfigSection;

/**
 * How a file Yogurt appends to is rotated ({@code logs:} in YAML): when it would grow past {@code
 * maxBytes}, or on the first write of a new UTC day when {@code daily}, it is renamed to {@code
 * NAME.1} (the older ones to {@code .2}, {@code .3}, ...) and a new one begun; {@code keep} old
 * files are kept.
 */
public record Rotation(long maxBytes, boolean daily, int keep) {

  public static final Rotation DEFAULT = new Rotation(100L << 20, true, 10);

  /** Reads the {@code logs:} section. */
  public static Rotation from(ConfigSection s) {
    long maxBytes = s.integer("max-bytes", (int) DEFAULT.maxBytes(), 1024, Integer.MAX_VALUE);
    boolean daily = s.bool("daily", DEFAULT.daily());
    int keep = s.integer("keep", DEFAULT.keep(), 1, 1000);
    return new Rotation(maxBytes, daily, keep);
  }
}
