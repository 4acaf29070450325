package io.yogurt.models;

/**
 * Sizes a pool: a pure function of what the loop observed. No I/O, no clock reads; time arrives in
 * the input.
 */
public interface Policy {

  /** The name used in config and reports ("reactive", "predictive", "static"). */
  String name();

  Decision decide(PolicyInput input);

  /** Whether it reads {@link PolicyInput#forecast()}: the loop asks for one only then. */
  default boolean usesForecast() {
    return false;
  }
}
