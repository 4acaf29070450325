package io.yogurt.models;

import java.util.Objects;

/** One step's reason, with the numbers: "capped 9 to 6 (max 6)". */
public record Reason(ReasonCode code, String message) {

  public Reason {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return code + ": " + message;
  }
}
