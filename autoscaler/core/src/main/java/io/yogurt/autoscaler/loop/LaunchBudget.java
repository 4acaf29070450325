package io.yogurt.autoscaler.loop;

import io.yogurt.models.Reason;
import io.yogurt.models.ReasonCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The pool-level crash-loop budget. An instance fails when it never became live within boot-grace +
 * dead-after, or when its worker was lost {@code crash-loop-losses} times; replacing it launches
 * another, and when the cause is the package, the image or the worker itself, the replacement fails
 * too. An instance launched while the loop watched that then serves for {@code dead-after} without
 * losing its worker is a success, and the failures before it are forgotten: the budget counts
 * failures in a row, so that a few random boot failures in a large fleet never suspend it. After
 * {@code failed-instances} such failures within {@code failed-instance-window} the pool launches
 * nothing (neither scale-up nor replacement) for {@code launch-backoff}, doubled for each
 * suspension in a row up to {@code launch-backoff-max}; then it tries again (one more failure
 * suspends it again at once), or a person resumes it ({@code yogurt resume POOL}).
 *
 * <pre>
 *   launching --failures reach the budget--> suspended --back-off over--> launching (on probation)
 *       ^                                        |
 *       +------------- yogurt resume ------------+   (failures forgotten, back-off reset)
 * </pre>
 */
public final class LaunchBudget {

  /**
   * One pool's budget, as remembered between ticks.
   *
   * @param failures when each failed instance was given up, within the window
   * @param counted the failed instances counted so far (each counts once, however long it waits)
   * @param lastFailure what the last one was, for the status line
   * @param suspendedAt when launches were suspended; null while they are not
   * @param suspendedUntil when the suspension ends by itself; null while none
   * @param suspensions suspensions in a row (the back-off doubles with each)
   */
  public record State(
      List<Instant> failures,
      Set<String> counted,
      String lastFailure,
      Instant suspendedAt,
      Instant suspendedUntil,
      int suspensions) {

    public static final State NONE = new State(List.of(), Set.of(), "", null, null, 0);

    public State {
      failures = List.copyOf(failures == null ? List.of() : failures);
      counted = Set.copyOf(counted == null ? Set.of() : counted);
      lastFailure = lastFailure == null ? "" : lastFailure;
    }

    public boolean suspended() {
      return suspendedAt != null;
    }
  }

  /** The budget's state after a look, and what to say about it. */
  record Step(State state, Optional<Reason> event) {}

  private final LoopSettings settings;

  LaunchBudget(LoopSettings settings) {
    this.settings = settings;
  }

  /**
   * Ends a suspension whose back-off is over or that a person lifted after it began, and forgets
   * failures older than the window.
   */
  Step look(State s, Instant now, Optional<Instant> resumedAt) {
    List<Instant> recent = withinWindow(s.failures(), now);
    if (s.suspended() && resumedAt.isPresent() && resumedAt.get().isAfter(s.suspendedAt())) {
      return new Step(
          State.NONE,
          Optional.of(
              new Reason(
                  ReasonCode.LAUNCHES_RESUMED,
                  "resumed by a person at " + resumedAt.get() + ": launching again")));
    }
    if (s.suspended() && !now.isBefore(s.suspendedUntil())) {
      return new Step(
          new State(recent, s.counted(), s.lastFailure(), null, null, s.suspensions()),
          Optional.of(
              new Reason(
                  ReasonCode.LAUNCHES_RESUMED,
                  "back-off until "
                      + s.suspendedUntil()
                      + " over: launching again; one more failed instance suspends launches for "
                      + seconds(backoff(s.suspensions())))));
    }
    int suspensions = s.suspended() || !recent.isEmpty() ? s.suspensions() : 0;
    return new Step(
        new State(
            recent, s.counted(), s.lastFailure(), s.suspendedAt(), s.suspendedUntil(), suspensions),
        Optional.empty());
  }

  /**
   * Counts a failed instance, once; suspends launches when the budget is spent.
   *
   * @param what the instance and why it failed, for the status line
   */
  State failed(State s, Instant now, String instance, String what) {
    if (s.counted().contains(instance)) {
      return s;
    }
    List<Instant> failures = new ArrayList<>(withinWindow(s.failures(), now));
    failures.add(now);
    Set<String> counted = new HashSet<>(s.counted());
    counted.add(instance);
    if (s.suspended() || failures.size() < settings.failedInstances()) {
      return new State(
          failures, counted, what, s.suspendedAt(), s.suspendedUntil(), s.suspensions());
    }
    return new State(
        failures, counted, what, now, now.plus(backoff(s.suspensions())), s.suspensions() + 1);
  }

  /**
   * An instance launched while the loop watched served well: the failures before it are forgiven.
   */
  State succeeded(State s) {
    if (s.failures().isEmpty() || s.suspended()) {
      return s;
    }
    return new State(List.of(), s.counted(), s.lastFailure(), null, null, 0);
  }

  /** Forgets counted instances that no longer exist (their failures still count). */
  State forgetGone(State s, Set<String> instances) {
    if (instances.containsAll(s.counted())) {
      return s;
    }
    Set<String> counted = new HashSet<>(s.counted());
    counted.retainAll(instances);
    return new State(
        s.failures(),
        counted,
        s.lastFailure(),
        s.suspendedAt(),
        s.suspendedUntil(),
        s.suspensions());
  }

  /** The line a suspended pool shows every tick. */
  Reason holding(State s, String pool) {
    return new Reason(
        ReasonCode.LAUNCHES_SUSPENDED,
        s.failures().size()
            + " failed instances within "
            + seconds(settings.failedInstanceWindow())
            + " (failed-instances "
            + settings.failedInstances()
            + "; last: "
            + s.lastFailure()
            + "): no launch, scale-up or replacement until "
            + s.suspendedUntil()
            + (pool.isEmpty() ? "" : ", or until `yogurt resume " + pool + "`"));
  }

  private Duration backoff(int suspensionsBefore) {
    Duration d = settings.launchBackoff();
    for (int i = 0; i < suspensionsBefore && d.compareTo(settings.launchBackoffMax()) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(settings.launchBackoffMax()) > 0 ? settings.launchBackoffMax() : d;
  }

  private List<Instant> withinWindow(List<Instant> failures, Instant now) {
    Instant since = now.minus(settings.failedInstanceWindow());
    return failures.stream().filter(t -> t.isAfter(since)).toList();
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + "s";
  }
}
