package io.yogurt.autoscaler.policy;

import io.yogurt.models.Action;
import io.yogurt.models.Instance;
import io.yogurt.models.PolicyInput;
import io.yogurt.models.Reason;
import io.yogurt.models.ReasonCode;
import io.yogurt.models.WorkerStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Turns a decided size into actions: one launch for the shortfall, or drains for the surplus. Which
 * instances to drain comes from the brokers' view: those without a worker first, then idle workers,
 * then busy ones; the newest first within each, since the oldest have proved themselves.
 */
public final class ActionPlanner {

  private final InstanceHealth health;

  public ActionPlanner(InstanceHealth health) {
    this.health = health;
  }

  public List<Action> plan(Draft draft, PolicyInput in) {
    if (draft.reasons().stream().anyMatch(r -> r.code() == ReasonCode.PAUSED)) {
      return List.of();
    }
    int capacity = in.view().capacity();
    if (draft.desired() > capacity) {
      String key = in.pool().name() + "-" + Long.toString(in.now().getEpochSecond(), 36);
      return List.of(
          new Action.Launch(in.pool().name(), draft.desired() - capacity, key, why(draft)));
    }
    List<Action> drains = new ArrayList<>();
    if (draft.desired() < capacity) {
      int surplus = Math.min(capacity - draft.desired(), in.view().serving().size());
      for (Instance victim : drainOrder(in).subList(0, surplus)) {
        drains.add(new Action.Drain(victim, why(draft)));
      }
    }
    return drains;
  }

  /** The step that set the size; a size nobody moved is the stabilized or held one. */
  private static Reason why(Draft draft) {
    if (draft.cause() != null) {
      return draft.cause();
    }
    return new Reason(ReasonCode.HOLD, "from " + draft.current() + " to " + draft.desired());
  }

  /** Serving instances, best to drain first. */
  List<Instance> drainOrder(PolicyInput in) {
    Comparator<Instance> byUsefulness = Comparator.comparingInt(i -> rank(health.worker(in, i)));
    Comparator<Instance> newestFirst =
        Comparator.comparing(Instance::createdAt).thenComparing(Instance::name).reversed();
    return in.view().serving().stream().sorted(byUsefulness.thenComparing(newestFirst)).toList();
  }

  private static int rank(Optional<WorkerStatus> worker) {
    if (worker.isEmpty()) {
      return 0;
    }
    return worker.get().busy() ? 2 : 1;
  }
}
