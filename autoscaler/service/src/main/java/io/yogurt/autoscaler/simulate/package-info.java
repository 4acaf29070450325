/**
 * {@code yogurt simulate}'s wiring: the production {@link io.yogurt.autoscaler.loop.ControlLoop}
 * plugged into the simulated world of {@code io.yogurt.simulations}, a forecast source for the
 * predictive policy, and the side-by-side run of several policies and the oracle.
 */
package io.yogurt.autoscaler.simulate;
