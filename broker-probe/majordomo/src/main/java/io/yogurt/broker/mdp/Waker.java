package io.yogurt.broker.mdp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicBoolean;
import org.zeromq.ZMQ;

/**
 * Wakes a thread blocked in a ZeroMQ poll from any other thread. ZeroMQ sockets must stay on one
 * thread, so other threads hand work over through a queue and poke this pipe, which the poll
 * watches beside the sockets.
 */
public final class Waker implements AutoCloseable {

  private final Pipe pipe;
  private final AtomicBoolean pending = new AtomicBoolean();
  private final ByteBuffer drain = ByteBuffer.allocate(64);

  public Waker() {
    try {
      pipe = Pipe.open();
      pipe.source().configureBlocking(false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Registers the pipe with a poller; returns its index. */
  public int register(ZMQ.Poller poller) {
    return poller.register(pipe.source(), ZMQ.Poller.POLLIN);
  }

  /** Registers the pipe with a plain NIO selector. */
  public SelectionKey register(Selector selector) {
    try {
      return pipe.source().register(selector, SelectionKey.OP_READ);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Wakes the polling thread (cheap when a wake-up is already pending). */
  public void wake() {
    if (pending.compareAndSet(false, true)) {
      try {
        pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
      } catch (IOException e) {
        // Closed: the polling thread is gone, nothing to wake.
      }
    }
  }

  /** True when a wake-up is pending (the polling thread checks this after every poll). */
  public boolean pending() {
    return pending.get();
  }

  /** Called by the polling thread after it was woken, before it takes the handed-over work. */
  public void clear() {
    // Drain first, then lower the flag: a wake() in between then writes a fresh byte, so no
    // wake-up is lost (lowering first could leave the flag up with the pipe empty).
    try {
      while (pipe.source().read(drain) > 0) {
        drain.clear();
      }
    } catch (IOException e) {
      // Closed: nothing to drain.
    }
    drain.clear();
    pending.set(false);
  }

  @Override
  public void close() {
    try {
      pipe.sink().close();
      pipe.source().close();
    } catch (IOException e) {
      // Nothing useful to do with a failure to close a pipe.
    }
  }
}
