package io.yogurt.models;

import java.util.List;
import java.util.Objects;

/**
 * What became of one action: done (with the instances it touched), failed (with the provider's or
 * the broker's word), or not acted on because the pool's mode forbids it.
 *
 * @param instances the instances launched, drained or destroyed; empty when none
 * @param detail the error when failed, a remark otherwise ("no broker knew it"); may be empty
 */
public record ActionResult(Action action, Status status, List<String> instances, String detail) {

  /** The three ends of an action. */
  public enum Status {
    DONE,
    FAILED,
    NOT_ACTED
  }

  public ActionResult {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(status, "status");
    instances = List.copyOf(instances);
    detail = detail == null ? "" : detail;
  }

  public static ActionResult done(Action action, List<String> instances, String detail) {
    return new ActionResult(action, Status.DONE, instances, detail);
  }

  public static ActionResult failed(Action action, String error) {
    return new ActionResult(action, Status.FAILED, List.of(), error);
  }

  public static ActionResult notActed(Action action, String mode) {
    return new ActionResult(action, Status.NOT_ACTED, List.of(), mode);
  }

  public boolean failed() {
    return status == Status.FAILED;
  }

  /** One line for logs and status: "launched 2 (a, b)", "would drain a (dry-run)", ... */
  public String text() {
    return switch (status) {
      case FAILED -> action.describe() + " failed: " + detail;
      case NOT_ACTED -> "would " + action.describe() + " (" + detail + ")";
      case DONE -> done();
    };
  }

  private String done() {
    String names = String.join(", ", instances);
    String remark = detail.isEmpty() ? "" : " (" + detail + ")";
    if (action instanceof Action.Launch) {
      return "launched " + instances.size() + " (" + names + ")" + remark;
    }
    if (action instanceof Action.Drain d) {
      return "draining " + d.instance().name() + remark;
    }
    Action.Destroy d = (Action.Destroy) action;
    return "destroyed " + d.instance().name() + " (" + d.why() + ")";
  }
}
