package io.yogurt.autoscaler.policy;

import io.yogurt.models.Policy;
import java.time.Duration;
import java.util.List;

/** The policies Yogurt knows, by the names used in config and in {@code yogurt simulate}. */
public final class Policies {

  public static final List<String> NAMES = List.of("reactive", "predictive", "static");

  private Policies() {}

  /**
   * @param staticSize the size of the {@code static} policy
   * @param backlogTarget time in which the reactive floor clears the live backlog
   */
  public static Policy byName(String name, int staticSize, Duration backlogTarget) {
    InstanceHealth health = new InstanceHealth();
    List<DecisionStep> safety =
        List.of(
            new ManualOverrideStep(),
            new ScaleInStabilization(),
            new ScaleInCooldown(),
            new PartialViewGuard(),
            new Clamp(),
            new StepLimit(),
            new LaunchInFlightGuard(health));
    ActionPlanner planner = new ActionPlanner(health);
    return switch (name) {
      case "reactive" ->
          new PipelinePolicy(
              name, List.of(new ReactiveRecommendation(backlogTarget)), safety, planner);
      case "predictive" ->
          new PipelinePolicy(
              name,
              List.of(
                  new ReactiveRecommendation(backlogTarget, true), new PredictiveRecommendation()),
              List.of(
                  new ManualOverrideStep(),
                  new ScaleInStabilization(),
                  new ForecastScaleInHold(),
                  new ScaleInCooldown(),
                  new PartialViewGuard(),
                  new Clamp(),
                  new StepLimit(),
                  new LaunchInFlightGuard(health)),
              planner);
      case "static" ->
          new PipelinePolicy(name, List.of(new StaticRecommendation(staticSize)), safety, planner);
      default ->
          throw new IllegalArgumentException(
              "unknown policy '" + name + "', expected one of " + NAMES);
    };
  }
}
