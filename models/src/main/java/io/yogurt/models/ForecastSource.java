package io.yogurt.models;

import java.time.Instant;
import java.util.Optional;

/** Gives the loop the current forecast of a pool's arrivals, if a good model has one. */
public interface ForecastSource {

  Optional<Forecast> forecast(PoolSpec pool, Instant now);

  /** A line for status: which model, or why there is none. */
  default String status() {
    return "no forecaster configured";
  }

  /** Whether the source is working as configured (false: degraded, the loop says so). */
  default boolean healthy() {
    return true;
  }

  ForecastSource NONE = (pool, now) -> Optional.empty();
}
