package io.yogurt.config;

import java.util.Objects;

/** A value that must never be printed: its {@code toString} is redacted. */
public final class Secret {

  private final String value;

  public Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /** The secret itself, for the one call that needs it. */
  public String reveal() {
    return value;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public String toString() {
    return value.isEmpty() ? "" : "***";
  }
}
