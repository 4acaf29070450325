package io.yogurt.autoscaler.loop;

import io.yogurt.models.Action;
import io.yogurt.models.ActionResult;
import io.yogurt.models.CrashPoint;
import io.yogurt.models.Instance;
import io.yogurt.models.Provider;
import io.yogurt.models.ProviderException;
import io.yogurt.models.WorkerControl;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries out a tick's actions against the provider and the brokers. A failed action is a failed
 * result and the others still run; the next tick sees the world as it is and decides again.
 */
final class ActionExecutor {

  private final Provider provider;
  private final WorkerControl control;

  ActionExecutor(Provider provider, WorkerControl control) {
    this.provider = provider;
    this.control = control;
  }

  List<ActionResult> execute(List<Action> actions, PoolRuntime rt, Instant now) {
    List<ActionResult> results = new ArrayList<>();
    for (Action action : actions) {
      try {
        results.add(execute(action, rt, now));
      } catch (ProviderException | RuntimeException e) {
        results.add(ActionResult.failed(action, e.getMessage()));
      }
    }
    return results;
  }

  private ActionResult execute(Action action, PoolRuntime rt, Instant now)
      throws ProviderException {
    if (action instanceof Action.Launch l) {
      List<Instance> launched = provider.launch(l.pool(), l.count(), l.idempotencyKey());
      CrashPoint.reach("launched");
      return ActionResult.done(action, launched.stream().map(Instance::name).toList(), "");
    }
    if (action instanceof Action.Drain d) {
      boolean acknowledged = control.drain(d.instance().name());
      CrashPoint.reach("drained");
      rt.drainingSince.put(d.instance().name(), now);
      return ActionResult.done(
          action, List.of(d.instance().name()), acknowledged ? "" : "no broker knew it");
    }
    Action.Destroy d = (Action.Destroy) action;
    provider.destroy(d.instance());
    CrashPoint.reach("destroyed");
    rt.drainingSince.remove(d.instance().name());
    rt.missingSince.remove(d.instance().name());
    return ActionResult.done(action, List.of(d.instance().name()), "");
  }
}
