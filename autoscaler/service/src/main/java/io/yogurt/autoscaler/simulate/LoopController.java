package io.yogurt.autoscaler.simulate;

import io.yogurt.autoscaler.loop.ControlLoop;
import io.yogurt.autoscaler.loop.LoopSettings;
import io.yogurt.autoscaler.loop.PoolSettings;
import io.yogurt.autoscaler.policy.Policies;
import io.yogurt.models.ForecastSource;
import io.yogurt.models.OverrideSource;
import io.yogurt.models.PoolMode;
import io.yogurt.models.TickListener;
import io.yogurt.simulations.Controller;
import io.yogurt.simulations.SimulatedWorld;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The production control loop as a simulation controller: the simulated broker is its probe and its
 * worker control, the simulated provider its provider, the simulated history its history. Nothing
 * is stubbed: what the simulation measures is what production runs.
 */
public final class LoopController implements Controller {

  private final ControlLoop loop;
  private final ToDoubleFunction<Instant> forecastPerSecond;

  private LoopController(ControlLoop loop, ToDoubleFunction<Instant> forecastPerSecond) {
    this.loop = loop;
    this.forecastPerSecond = forecastPerSecond;
  }

  /**
   * Wires a loop for one pool run by {@code policy} (reactive, static, predictive) into {@code
   * world}. The pool is always live: a simulation acts, in its own world.
   *
   * @param forecastPerSecond reads the forecast the loop last used, for the timeline (NaN: none)
   */
  public static LoopController wire(
      SimulatedWorld world,
      LoopSettings loop,
      PoolSettings pool,
      String policy,
      ForecastSource forecasts,
      ToDoubleFunction<Instant> forecastPerSecond,
      List<TickListener> listeners) {
    PoolSettings simulated =
        new PoolSettings(pool.spec(), policy, PoolMode.LIVE, pool.staticSize());
    ControlLoop control =
        new ControlLoop(
            loop,
            List.of(simulated),
            Map.of(
                pool.spec().name(),
                Policies.byName(policy, pool.staticSize(), loop.backlogTarget())),
            world.broker(),
            world.broker(),
            world.provider(),
            world.history(),
            forecasts,
            OverrideSource.NONE,
            listeners);
    return new LoopController(control, forecastPerSecond);
  }

  @Override
  public TickOutcome tick(Instant now) {
    loop.tick(now);
    return new TickOutcome(forecastPerSecond.applyAsDouble(now));
  }
}
