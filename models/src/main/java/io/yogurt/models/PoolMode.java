package io.yogurt.models;

import java.util.Arrays;
import java.util.List;

/** How much the loop may do to a pool. */
public enum PoolMode {
  /** Decide and act. */
  LIVE("live"),
  /** Decide and record the forecast and the decision; never act. */
  FORECAST_ONLY("forecast-only"),
  /** Decide and log the actions it would take; never act. */
  DRY_RUN("dry-run");

  private final String text;

  PoolMode(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  public static PoolMode of(String text) {
    for (PoolMode m : values()) {
      if (m.text.equals(text)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown mode " + text);
  }

  public static List<String> names() {
    return Arrays.stream(values()).map(PoolMode::text).toList();
  }
}
