package io.yogurt.simulations;

/** Told how far a long run has got; the CLI shows it on a terminal. */
public interface Progress {

  void update(String label, double fraction);

  default void done(String label) {}

  Progress NONE = (label, fraction) -> {};
}
