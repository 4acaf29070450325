package io.yogurt.forecasting;

import java.time.Duration;

/**
 * The rolling-origin protocol: the first origin is {@code train} after the start; at every {@code
 * every} over {@code test} each model forecasts {@code horizon}, having been fitted on at most the
 * last {@code train} before the origin; models are refitted when {@code refit} has passed since
 * their last fit (refit = every: at every origin).
 */
public record BacktestProtocol(
    Duration train, Duration test, Duration every, Duration horizon, Duration refit) {}
