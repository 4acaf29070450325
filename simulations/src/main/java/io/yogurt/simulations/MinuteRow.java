package io.yogurt.simulations;

import java.time.Instant;

/**
 * One minute of a simulated run: what arrived, what served it, how long requests waited, what it
 * cost so far.
 *
 * @param demand requests per second that arrived
 * @param capacity requests per second the serving workers could handle (mean over the minute)
 * @param workers serving workers (mean over the minute): the supply
 * @param demandWorkers workers the demand needed at full utilization: ceil(demand / capacity per
 *     worker)
 * @param instances instances alive (paid for) at the minute's end, booting ones included
 * @param queued requests waiting at the minute's end
 * @param waitP95 p95 queue wait (s) of the requests served in the minute, or the oldest waiting
 *     request's age when that is longer
 * @param actions launches, drains and destroys done in the minute
 * @param forecast forecast requests per second, NaN without one
 * @param cost cumulative cost at the minute's end
 * @param slaViolated whether the minute broke the SLA (its wait percentile over the SLA wait)
 */
public record MinuteRow(
    Instant minute,
    double demand,
    double capacity,
    double workers,
    int demandWorkers,
    int instances,
    long queued,
    double waitP95,
    long served,
    long dropped,
    int actions,
    double forecast,
    double cost,
    boolean slaViolated) {}
