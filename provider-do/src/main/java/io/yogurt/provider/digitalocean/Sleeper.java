package io.yogurt.provider.digitalocean;

import java.time.Duration;

/** Waits; injected so that tests advance a clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

  void sleep(Duration d) throws InterruptedException;

  /** Really sleeps. */
  Sleeper SYSTEM = d -> Thread.sleep(Math.max(0, d.toMillis()));
}
