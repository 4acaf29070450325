package io.yogurt.autoscaler.loop;

import io.yogurt.models.Action;
import io.yogurt.models.Instance;
import io.yogurt.models.Provider;
import io.yogurt.models.ProviderException;
import io.yogurt.models.WorkerControl;
import java.time.Instant;
import java.util.List;

/**
 * Carries out a tick's actions against the provider and the brokers. A failed action is noted
 * ("provider: ...") and the others still run; the next tick sees the world as it is and decides
 * again.
 */
final class ActionExecutor {

  private final Provider provider;
  private final WorkerControl control;

  ActionExecutor(Provider provider, WorkerControl control) {
    this.provider = provider;
    this.control = control;
  }

  void execute(List<Action> actions, PoolRuntime rt, Instant now, List<String> notes) {
    for (Action action : actions) {
      try {
        if (action instanceof Action.Launch l) {
          List<Instance> launched = provider.launch(l.pool(), l.count(), l.idempotencyKey());
          CrashPoint.reach("launched");
          notes.add(
              "launched "
                  + launched.size()
                  + " ("
                  + String.join(", ", launched.stream().map(Instance::name).toList())
                  + ")");
        } else if (action instanceof Action.Drain d) {
          boolean acknowledged = control.drain(d.instance().name());
          CrashPoint.reach("drained");
          rt.drainingSince.put(d.instance().name(), now);
          notes.add(
              "draining " + d.instance().name() + (acknowledged ? "" : " (no broker knew it)"));
        } else if (action instanceof Action.Destroy d) {
          provider.destroy(d.instance());
          CrashPoint.reach("destroyed");
          rt.drainingSince.remove(d.instance().name());
          rt.missingSince.remove(d.instance().name());
          notes.add("destroyed " + d.instance().name() + " (" + d.why() + ")");
        }
      } catch (ProviderException | RuntimeException e) {
        notes.add("provider: " + describe(action) + " failed: " + e.getMessage());
      }
    }
  }

  static String describe(Action a) {
    if (a instanceof Action.Launch l) {
      return "launch " + l.count();
    }
    if (a instanceof Action.Drain d) {
      return "drain " + d.instance().name();
    }
    Action.Destroy d = (Action.Destroy) a;
    return "destroy " + d.instance().name() + " (" + d.why() + ")";
  }
}
