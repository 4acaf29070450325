package io.yogurt.autoscaler.policy;

import io.yogurt.models.Decision;
import io.yogurt.models.Policy;
import io.yogurt.models.PolicyInput;
import io.yogurt.models.PoolSpec;
import io.yogurt.models.Reason;
import io.yogurt.models.ReasonCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A policy whose margins come from {@code yogurt tune} while a tuning is in force: it decides on
 * the pool with the tuned margins and says so ({@code TUNED}), so that status and the log show
 * which setting sized the pool and how to undo it. The tuning is read from memory: no I/O.
 */
public final class TunedPolicy implements Policy {

  /** Margins in force and a line saying where they come from. */
  public record Tuning(UnaryOperator<PoolSpec> margins, String note) {}

  private final Policy inner;
  private final Supplier<Optional<Tuning>> tuning;

  public TunedPolicy(Policy inner, Supplier<Optional<Tuning>> tuning) {
    this.inner = inner;
    this.tuning = tuning;
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public boolean usesForecast() {
    return inner.usesForecast();
  }

  @Override
  public Decision decide(PolicyInput in) {
    Optional<Tuning> t = tuning.get();
    if (t.isEmpty()) {
      return inner.decide(in);
    }
    PolicyInput tuned =
        new PolicyInput(
            t.get().margins().apply(in.pool()),
            in.view(),
            in.load(),
            in.sinceLastLook(),
            in.forecast(),
            in.leadTime(),
            in.tick(),
            in.override(),
            in.memory(),
            in.now());
    Decision d = inner.decide(tuned);
    List<Reason> reasons = new ArrayList<>(d.reasons());
    reasons.add(new Reason(ReasonCode.TUNED, t.get().note()));
    return new Decision(d.pool(), d.current(), d.desired(), reasons, d.actions(), d.memory());
  }
}
