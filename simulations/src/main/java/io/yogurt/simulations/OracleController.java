package io.yogurt.simulations;

import io.yogurt.models.Instance;
import io.yogurt.models.ProviderException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Carries out an {@link OraclePlan} in a world: prewarms, launches each droplet on time, destroys
 * it when its work is done. Tick it every second. A failed launch is retried the next second.
 */
public final class OracleController implements Controller {

  private final SimulatedWorld world;
  private final Deque<OraclePlan.Life> toLaunch;

  /** A launched droplet and the second it is to be destroyed. */
  private record Running(Instance instance, long destroyAt) {}

  private final List<Running> running = new ArrayList<>();

  public OracleController(SimulatedWorld world, OraclePlan plan) {
    this.world = world;
    List<OraclePlan.Life> future = new ArrayList<>();
    List<Instance> warm = world.provider().prewarm(world.pool(), plan.prewarm());
    int w = 0;
    for (OraclePlan.Life l : plan.lives()) {
      if (l.launchAt() < 0) {
        running.add(new Running(warm.get(w++), l.destroyAt()));
      } else {
        future.add(l);
      }
    }
    this.toLaunch = new ArrayDeque<>(future);
  }

  @Override
  public TickOutcome tick(Instant now) {
    long second = now.getEpochSecond() - world.start().getEpochSecond();
    running.removeIf(
        r -> {
          if (r.destroyAt() <= second) {
            world.provider().destroy(r.instance());
            return true;
          }
          return false;
        });
    List<OraclePlan.Life> launching = new ArrayList<>();
    while (!toLaunch.isEmpty() && toLaunch.peekFirst().launchAt() <= second) {
      launching.add(toLaunch.pollFirst());
    }
    int due = launching.size();
    if (due > 0) {
      try {
        List<Instance> got = world.provider().launch(world.pool(), due, "oracle-" + second);
        for (int i = 0; i < due; i++) {
          running.add(new Running(got.get(i), launching.get(i).destroyAt()));
        }
      } catch (ProviderException e) {
        // Retry next second: the droplets go back to the head of the queue.
        for (int i = launching.size() - 1; i >= 0; i--) {
          toLaunch.addFirst(launching.get(i));
        }
      }
    }
    return TickOutcome.NONE;
  }
}
