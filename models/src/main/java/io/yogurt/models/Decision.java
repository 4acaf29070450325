package io.yogurt.models;

import java.util.List;
import java.util.Objects;

/**
 * A policy's verdict on one pool: the size it wants, every reason that shaped it, the actions that
 * get there, and the memory to pass to the next tick.
 */
public record Decision(
    String pool,
    int current,
    int desired,
    List<Reason> reasons,
    List<Action> actions,
    PolicyMemory memory) {

  public Decision {
    Objects.requireNonNull(pool, "pool");
    reasons = List.copyOf(reasons);
    actions = List.copyOf(actions);
    Objects.requireNonNull(memory, "memory");
  }

  /** The reasons as one line: "SCALE_UP_LOAD: ...; CAPPED_MAX: ...". */
  public String why() {
    return String.join("; ", reasons.stream().map(Reason::toString).toList());
  }
}
