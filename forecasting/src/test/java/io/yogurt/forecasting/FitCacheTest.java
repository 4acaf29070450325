package io.yogurt.forecasting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.models.Series;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FitCacheTest {

  /** A fit that holds until released, and counts how often it ran. */
  private static final class Held extends PointForecaster {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger fits = new AtomicInteger();
    final boolean fail;

    Held(boolean fail) {
      super("held-" + fail, Duration.ofHours(1), 0.9);
      this.fail = fail;
    }

    @Override
    PointModel fitPoint(Series history) {
      fits.incrementAndGet();
      started.countDown();
      try {
        assertTrue(release.await(10, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      if (fail) {
        throw new IllegalArgumentException("cannot fit");
      }
      return (v, start, origin, horizon) -> new double[horizon];
    }
  }

  @Test
  void aSecondAskForAFitUnderWayWaitsForItInsteadOfFittingAgain() throws Exception {
    Held f = new Held(false);
    Series s = Synthetic.seasonal(Duration.ofMinutes(10), 2, 1, 1);
    CompletableFuture<PointModel> first = CompletableFuture.supplyAsync(() -> FitCache.fit(f, s));
    assertTrue(f.started.await(10, TimeUnit.SECONDS));
    FutureTask<PointModel> second = waitingFor(() -> FitCache.fit(f, s));
    f.release.countDown();
    assertSame(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS));
    assertEquals(1, f.fits.get());
  }

  @Test
  void aFailedFitFailsItsWaitersAndIsNotRemembered() throws Exception {
    Held f = new Held(true);
    Series s = Synthetic.seasonal(Duration.ofMinutes(10), 2, 1, 2);
    CompletableFuture<PointModel> first = CompletableFuture.supplyAsync(() -> FitCache.fit(f, s));
    assertTrue(f.started.await(10, TimeUnit.SECONDS));
    FutureTask<PointModel> second = waitingFor(() -> FitCache.fit(f, s));
    f.release.countDown();
    assertTrue(
        assertThrows(Exception.class, () -> first.get(10, TimeUnit.SECONDS)).getCause()
            instanceof IllegalArgumentException);
    assertTrue(
        assertThrows(Exception.class, () -> second.get(10, TimeUnit.SECONDS)).getCause()
            instanceof IllegalArgumentException);
    assertEquals(1, f.fits.get(), "the waiter shared the failure");
    assertThrows(IllegalArgumentException.class, () -> FitCache.fit(f, s));
    assertEquals(2, f.fits.get(), "a failure is not remembered: the next ask fits again");
  }

  /**
   * Runs {@code fit} on a thread of its own and returns once that thread waits (on the fit under
   * way).
   */
  private static FutureTask<PointModel> waitingFor(Callable<PointModel> fit) {
    FutureTask<PointModel> task = new FutureTask<>(fit);
    Thread t = new Thread(task, "second-ask");
    t.setDaemon(true);
    t.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (t.getState() != Thread.State.WAITING && !task.isDone()) {
      assertTrue(System.nanoTime() < deadline, "the second ask never waited: " + t.getState());
      Thread.onSpinWait();
    }
    return task;
  }
}
