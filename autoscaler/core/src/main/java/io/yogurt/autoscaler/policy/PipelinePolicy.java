package io.yogurt.autoscaler.policy;

import io.yogurt.models.Decision;
import io.yogurt.models.Policy;
import io.yogurt.models.PolicyInput;
import io.yogurt.models.PolicyMemory;
import java.util.List;

/**
 * A policy made of steps: recommenders say what the load needs; their result is remembered (for the
 * stabilization window); then safety steps shape it (override, stabilization, bounds, step limits,
 * launches in flight); then the planner turns it into actions.
 */
public final class PipelinePolicy implements Policy {

  private final String name;
  private final List<DecisionStep> recommenders;
  private final List<DecisionStep> safety;
  private final ActionPlanner planner;

  public PipelinePolicy(
      String name,
      List<DecisionStep> recommenders,
      List<DecisionStep> safety,
      ActionPlanner planner) {
    this.name = name;
    this.recommenders = List.copyOf(recommenders);
    this.safety = List.copyOf(safety);
    this.planner = planner;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean usesForecast() {
    return recommenders.stream().anyMatch(DecisionStep::usesForecast);
  }

  @Override
  public Decision decide(PolicyInput in) {
    Draft draft = Draft.of(in.view().capacity());
    for (DecisionStep step : recommenders) {
      draft = step.apply(draft, in);
    }
    PolicyMemory memory =
        in.memory().remember(in.now(), draft.desired(), in.pool().scaleInStabilization());
    for (DecisionStep step : safety) {
      draft = step.apply(draft, in);
    }
    if (draft.desired() > draft.current()) {
      memory = memory.scaledUp(in.now());
    } else if (draft.desired() < draft.current()) {
      memory = memory.scaledDown(in.now());
    }
    return new Decision(
        in.pool().name(),
        draft.current(),
        draft.desired(),
        draft.reasons(),
        planner.plan(draft, in),
        memory);
  }
}
