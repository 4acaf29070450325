package io.yogurt.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.models.Instance;
import io.yogurt.models.ManualClock;
import io.yogurt.models.ProviderException;
import io.yogurt.models.ServiceLoad;
import io.yogurt.models.WorkerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedWorldTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration SECOND = Duration.ofSeconds(1);

  private static SimulationSettings fixedBoot(int seconds) {
    return new SimulationSettings(
        Duration.ofSeconds(seconds),
        Duration.ZERO,
        3.6,
        Duration.ofSeconds(60),
        0,
        Duration.ofSeconds(5),
        0,
        0,
        0,
        1,
        7,
        Double.NaN,
        0.95);
  }

  private final ManualClock clock = new ManualClock(T0);

  @Test
  void workerRegistersOnlyAfterTheBootDelay() throws ProviderException {
    SimulatedProvider provider = new SimulatedProvider(clock, fixedBoot(60));
    Instance i = provider.launch("p", 1, "k1").get(0);
    assertEquals(Instance.Status.PENDING, i.status());
    clock.advance(Duration.ofSeconds(59));
    assertTrue(provider.workersUp(clock.instant()).isEmpty());
    clock.advance(SECOND);
    assertEquals(List.of(i.name()), provider.workersUp(clock.instant()));
    assertEquals(Instance.Status.ACTIVE, provider.list("p").get(0).status());
  }

  @Test
  void relaunchWithTheSameKeyAdoptsInsteadOfCreating() throws ProviderException {
    SimulatedProvider provider = new SimulatedProvider(clock, fixedBoot(60));
    List<Instance> first = provider.launch("p", 3, "same");
    List<Instance> again = provider.launch("p", 3, "same");
    assertEquals(
        first.stream().map(Instance::id).toList(), again.stream().map(Instance::id).toList());
    assertEquals(3, provider.list("p").size());
    provider.launch("p", 4, "same");
    assertEquals(4, provider.list("p").size(), "a larger retry creates only the missing one");
  }

  @Test
  void billsPerSecondWithAMinimum() throws ProviderException {
    SimulatedProvider provider = new SimulatedProvider(clock, fixedBoot(0));
    Instance short1 = provider.launch("p", 1, "a").get(0);
    clock.advance(Duration.ofSeconds(10));
    provider.destroy(short1);
    provider.destroy(short1); // already gone: not an error, not billed twice
    assertEquals(60, provider.billedSeconds(clock.instant()), 1e-9);
    provider.launch("p", 1, "b");
    clock.advance(Duration.ofSeconds(3600));
    assertEquals(60 + 3600, provider.billedSeconds(clock.instant()), 1e-9);
    assertEquals((60 + 3600) / 3600.0 * 3.6, provider.cost(clock.instant()), 1e-9);
  }

  @Test
  void injectedLaunchFailuresAreRetryableAndCreateNothing() {
    SimulationSettings s =
        new SimulationSettings(
            Duration.ofSeconds(60),
            Duration.ZERO,
            1,
            Duration.ZERO,
            0,
            Duration.ofSeconds(5),
            1.0,
            0,
            0,
            1,
            7,
            Double.NaN,
            0.95);
    SimulatedProvider provider = new SimulatedProvider(clock, s);
    ProviderException e = assertThrows(ProviderException.class, () -> provider.launch("p", 2, "k"));
    assertTrue(e.retryable());
    assertEquals(0, provider.list("p").size());
    assertEquals(1, provider.failedLaunches());
  }

  @Test
  void queueServesFifoAtTheWorkersRateAndCountsWaits() throws ProviderException {
    SimulatedProvider provider = new SimulatedProvider(clock, fixedBoot(0));
    SimulatedBroker broker = new SimulatedBroker(clock, "svc", provider, 10, 0);
    provider.launch("p", 2, "k");
    WaitHistogram waits = new WaitHistogram();
    // 100 requests at once; 2 idle workers start one each at once, then 10/s each: 22 in the
    // first second, 20 a second after that, five seconds to clear.
    SimulatedBroker.Step first = broker.step(clock.instant(), SECOND, 100, waits);
    assertEquals(22, first.served());
    assertEquals(78, first.queued());
    for (int i = 1; i < 5; i++) {
      clock.advance(SECOND);
      broker.step(clock.instant(), SECOND, 0, waits);
    }
    assertEquals(0, broker.queued());
    assertEquals(100, waits.count());
    // The last 20 started service in the fifth second, about 4 s after they arrived.
    assertEquals(4.0, waits.percentile(1.0), 0.6);
    assertEquals(2.0, waits.mean(), 0.6);
  }

  @Test
  void aSlowIdleWorkerStartsAtOnceThenStaysBusyForItsServiceTime() throws ProviderException {
    SimulatedProvider provider = new SimulatedProvider(clock, fixedBoot(0));
    // One request per 20 s.
    SimulatedBroker broker = new SimulatedBroker(clock, "svc", provider, 0.05, 0);
    provider.launch("p", 1, "k");
    WaitHistogram waits = new WaitHistogram();
    broker.step(clock.instant(), SECOND, 2, waits);
    assertEquals(1, broker.servedTotal(), "the idle worker took one at once");
    assertEquals(0, waits.percentile(1.0));
    for (int i = 1; i < 19; i++) {
      clock.advance(SECOND);
      broker.step(clock.instant(), SECOND, 0, waits);
    }
    assertEquals(1, broker.queued(), "the second waits for the first to finish (within a step)");
    clock.advance(SECOND);
    broker.step(clock.instant(), SECOND, 0, waits);
    assertEquals(0, broker.queued());
    assertEquals(19.5, waits.percentile(1.0), 1.5, "about a service time, to the step");
  }

  @Test
  void probeReportsCountersSinceTheLastLook() throws ProviderException {
    SimulatedProvider provider = new SimulatedProvider(clock, fixedBoot(0));
    SimulatedBroker broker = new SimulatedBroker(clock, "svc", provider, 10, 0);
    provider.launch("p", 1, "k");
    WaitHistogram waits = new WaitHistogram();
    broker.step(clock.instant(), SECOND, 15, waits);
    clock.advance(SECOND);
    ServiceLoad load = broker.observe(clock.instant()).service("svc").orElseThrow();
    assertEquals(15, load.arrivals());
    assertEquals(11, load.completions());
    assertEquals(4, load.queued());
    assertTrue(load.oldestQueuedSeconds() > 0);
    assertEquals(1, load.workersBusy());
    ServiceLoad next = broker.observe(clock.instant()).service("svc").orElseThrow();
    assertEquals(0, next.arrivals(), "counters reset at each look");
  }

  @Test
  void drainedWorkerTakesNoNewRequestsAndFinishesInFlight() throws ProviderException {
    SimulatedProvider provider = new SimulatedProvider(clock, fixedBoot(0));
    SimulatedBroker broker = new SimulatedBroker(clock, "svc", provider, 1, 0);
    List<Instance> two = provider.launch("p", 2, "k");
    WaitHistogram waits = new WaitHistogram();
    broker.step(clock.instant(), SECOND, 10, waits);
    String victim = two.get(1).name();
    assertTrue(broker.drain(victim));
    assertFalse(broker.drain("nobody"), "no broker knows that worker");
    WorkerStatus drained = worker(broker, victim);
    assertEquals(WorkerStatus.State.DRAINING, drained.state());
    assertEquals(1, drained.inFlight(), "it was busy when drained");
    clock.advance(SECOND);
    SimulatedBroker.Step step = broker.step(clock.instant(), SECOND, 0, waits);
    assertEquals(1, step.serving());
    assertEquals(1, step.served());
    assertEquals(0, worker(broker, victim).inFlight(), "done within one service time");
  }

  @Test
  void fullQueueDropsAndEveryRequestIsAccountedFor() throws ProviderException {
    SimulationSettings s =
        new SimulationSettings(
            Duration.ZERO,
            Duration.ZERO,
            1,
            Duration.ZERO,
            0,
            Duration.ofSeconds(5),
            0,
            0,
            50,
            1,
            7,
            Double.NaN,
            0.95);
    SimulatedProvider provider = new SimulatedProvider(clock, s);
    SimulatedBroker broker = new SimulatedBroker(clock, "svc", provider, 5, s.queueLimit());
    provider.launch("p", 1, "k");
    WaitHistogram waits = new WaitHistogram();
    for (int i = 0; i < 10; i++) {
      broker.step(clock.instant(), SECOND, 20, waits);
      clock.advance(SECOND);
    }
    assertTrue(broker.droppedTotal() > 0);
    assertEquals(
        broker.arrivedTotal(), broker.servedTotal() + broker.droppedTotal() + broker.queued());
  }

  private WorkerStatus worker(SimulatedBroker broker, String name) {
    return broker.observe(clock.instant()).service("svc").orElseThrow().workers().stream()
        .filter(w -> w.identity().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
