package io.yogurt.config;

import java.util.ArrayList;
import java.util.List;

/** Collects every configuration error, so that a user sees them all at once. */
public final class ConfigErrors {

  private final String source;
  private final List<String> errors = new ArrayList<>();

  public ConfigErrors(String source) {
    this.source = source;
  }

  /** Adds {@code key.path (line N): message}. A line of 0 means "not in the file". */
  public void add(String keyPath, int line, String message) {
    errors.add(keyPath + (line > 0 ? " (line " + line + ")" : "") + ": " + message);
  }

  public List<String> all() {
    return List.copyOf(errors);
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  /** Throws one exception listing every error, headed by the file's name. */
  public void throwIfAny() throws InvalidInputException {
    if (!errors.isEmpty()) {
      StringBuilder text =
          new StringBuilder(source)
              .append(": ")
              .append(errors.size())
              .append(errors.size() == 1 ? " error" : " errors");
      for (String e : errors) {
        text.append("\n  ").append(e);
      }
      throw new InvalidInputException(text.toString());
    }
  }
}
