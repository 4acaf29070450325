package io.yogurt.forecasting;

/** Told how far a long job has got; the CLI prints it on stderr. */
@FunctionalInterface
public interface Progress {

  void update(int done, int total, String what);

  Progress NONE = (done, total, what) -> {};
}
