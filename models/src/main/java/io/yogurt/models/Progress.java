package io.yogurt.models;

/**
 * Told how far a long job has got (a backtest, a training job, a simulation, an import); the CLI
 * shows it on stderr. {@code what} names the step, and its part before a colon the stage
 * ("backtest: origin 2026-03-01T00:00Z"); {@code done == total} ends the stage.
 */
@FunctionalInterface
public interface Progress {

  void update(String what, long done, long total);

  Progress NONE = (what, done, total) -> {};
}
