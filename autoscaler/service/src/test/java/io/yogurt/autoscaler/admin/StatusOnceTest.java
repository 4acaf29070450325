package io.yogurt.autoscaler.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Status calls that arrive together share one build; a later call never gets an older body. */
class StatusOnceTest {

  private final AtomicInteger builds = new AtomicInteger();
  private final StatusOnce status = new StatusOnce(() -> "build " + builds.incrementAndGet());

  @Test
  void callsThatArrivedBeforeABuildStartedShareIt() throws Exception {
    long first = status.ticket();
    long second = status.ticket();
    long third = status.ticket();
    assertEquals("build 1", status.body(first));
    assertEquals("build 1", status.body(second), "arrived before build 1 started");
    assertEquals("build 1", status.body(third));
    assertEquals(1, builds.get());
  }

  @Test
  void aCallThatArrivedAfterTheLastBuildStartedGetsANewOne() throws Exception {
    long first = status.ticket();
    assertEquals("build 1", status.body(first));
    long later = status.ticket();
    assertEquals("build 2", status.body(later), "build 1 may not show what changed since");
    long during = status.ticket();
    long after = status.ticket();
    assertEquals("build 3", status.body(after));
    assertEquals("build 3", status.body(during), "arrived before build 3 started");
    assertEquals(3, builds.get());
  }
}
