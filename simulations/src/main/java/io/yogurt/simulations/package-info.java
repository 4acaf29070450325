/**
 * The simulated world for dry runs: a clock you advance, arrivals from a recorded trace, a broker
 * queue served by simulated workers, a provider with boot delays, prices and failures, an in-memory
 * history, a clairvoyant oracle, metrics and reports. It implements the ports of {@code
 * io.yogurt.models}; the autoscaler plugs its real control loop in as a {@link
 * io.yogurt.simulations.Controller}.
 */
package io.yogurt.simulations;
