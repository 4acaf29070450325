package io.yogurt.autoscaler.policy;

import io.yogurt.models.PolicyInput;

/** One small pure step of a decision: takes the draft so far, returns it, changed or not. */
@FunctionalInterface
public interface DecisionStep {

  Draft apply(Draft draft, PolicyInput input);

  /** Whether the step reads the forecast (the loop fetches one only for policies that do). */
  default boolean usesForecast() {
    return false;
  }
}
