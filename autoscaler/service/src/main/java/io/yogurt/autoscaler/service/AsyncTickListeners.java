package io.yogurt.autoscaler.service;

import io.yogurt.models.ReasonCode;
import io.yogurt.models.TickListener;
import io.yogurt.models.TickReport;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listeners that write somewhere slow (event files, Elasticsearch), run off the tick's path: the
 * tick queues its report (bounded; when full, the oldest waiting report is dropped and counted) and
 * one thread hands each report to every listener in order. It keeps up within milliseconds, so a
 * crash loses at most the last moment's reports; {@link #close()} delivers everything queued first.
 * A listener that throws is logged and the others still run.
 */
public final class AsyncTickListeners implements TickListener, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AsyncTickListeners.class);

  private final List<TickListener> listeners;
  private final BlockingQueue<TickReport> queue;
  private final Thread thread;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean closed;

  public AsyncTickListeners(List<TickListener> listeners, int capacity) {
    this.listeners = List.copyOf(listeners);
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(this::run, "yogurt-tick-listeners");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  @Override
  public void onTick(TickReport report) {
    if (closed) {
      deliver(report);
      return;
    }
    while (!queue.offer(report)) {
      if (queue.poll() != null && dropped.incrementAndGet() % 100 == 1) {
        log.warn(
            "{}: tick listeners are {} reports behind; {} oldest dropped so far",
            ReasonCode.STORAGE_FAILING,
            queue.size(),
            dropped.get());
      }
    }
  }

  private void run() {
    try {
      while (!(closed && queue.isEmpty())) {
        TickReport r = queue.poll(100, TimeUnit.MILLISECONDS);
        if (r != null) {
          deliver(r);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopped.countDown();
    }
  }

  private void deliver(TickReport report) {
    for (TickListener l : listeners) {
      try {
        l.onTick(report);
      } catch (RuntimeException e) {
        // One bad listener (a full disk, a down index) must not stop the others.
        log.warn("tick listener {} failed: {}", l.getClass().getSimpleName(), e.toString());
      }
    }
  }

  /** Reports waiting for the listeners. */
  public int waiting() {
    return queue.size();
  }

  /** Delivers what is queued, then stops. */
  @Override
  public void close() {
    closed = true;
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
