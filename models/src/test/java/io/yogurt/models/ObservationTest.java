package io.yogurt.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A service whose known source did not answer is unknown, not idle; the others are summed. */
class ObservationTest {

  private static final BrokerReading MAJORDOMO =
      BrokerReading.reachable(
          "tcp://a", List.of(new ServiceLoad("echo", 3, 1.5, 10, 9, List.of())));

  @Test
  void aServiceCoveredByASourceThatDidNotAnswerIsUnknown() {
    Observation o =
        new Observation(
            Instant.EPOCH,
            List.of(
                MAJORDOMO,
                BrokerReading.unreachable("rabbitmq x", "login refused", Set.of("rpc"))));
    assertTrue(o.partial());
    assertTrue(o.service("rpc").isEmpty(), "unknown: the loop holds the pool");
    assertEquals(3, o.service("echo").orElseThrow().queued(), "the rest is known");
  }

  @Test
  void aDegradedReadingCountsAndSaysWhatIsMissing() {
    BrokerReading fallback =
        BrokerReading.degraded(
            "rabbitmq y", List.of(new ServiceLoad("rpc", 7, 0, 0, 0, List.of())), "no arrivals");
    Observation o = new Observation(Instant.EPOCH, List.of(MAJORDOMO, fallback));
    assertTrue(fallback.reachable());
    assertEquals("no arrivals", fallback.error());
    assertEquals(7, o.service("rpc").orElseThrow().queued());
  }

  @Test
  void anUnreachableBrokerCoveringNothingLeavesTheSumAsBefore() {
    Observation o =
        new Observation(
            Instant.EPOCH, List.of(MAJORDOMO, BrokerReading.unreachable("tcp://b", "timeout")));
    assertEquals(3, o.service("echo").orElseThrow().queued());
  }
}
