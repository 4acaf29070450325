package io.yogurt.broker.client;

import io.yogurt.broker.mdp.Frames;
import io.yogurt.broker.mdp.Framing;
import io.yogurt.broker.mdp.Waker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * An asynchronous Majordomo client. {@link #request} may be called from any thread and returns at
 * once; one I/O thread owns the sockets. MDP replies carry no request id, so each outstanding
 * request has a DEALER connection of its own (pooled and reused): that is how a reply finds its
 * request. A timed-out connection is thrown away (its late reply must not answer the next request)
 * and the request retried on a fresh one.
 */
public final class MdpClient implements AutoCloseable {

  /** How long close() waits at most for outstanding replies. */
  public static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  /** How often every busy connection is read, whatever the signals said (see sweep()). */
  private static final long SWEEP_MILLIS = 100;

  private final ClientSettings settings;
  private final InstantSource clock;
  private final Framing framing;
  private final ZContext context = new ZContext(1);
  private final Waker waker = new Waker();
  private final Queue<Call> submitted = new ConcurrentLinkedQueue<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread io;
  private volatile boolean closing;

  // I/O thread state
  private final List<Slot> slots = new ArrayList<>();
  private final Deque<Slot> idle = new ArrayDeque<>();
  private final Deque<Call> waiting = new ArrayDeque<>();
  private Selector selector;
  private int busy;

  private static final class Call {
    final String service;
    final List<byte[]> body;
    final CompletableFuture<List<byte[]>> future = new CompletableFuture<>();
    int retriesLeft;
    long deadline;

    Call(String service, List<byte[]> body, int retries) {
      this.service = service;
      this.body = body;
      this.retriesLeft = retries;
    }
  }

  private static final class Slot {
    final ZMQ.Socket socket;
    SelectionKey key;
    Call call;

    Slot(ZMQ.Socket socket) {
      this.socket = socket;
    }
  }

  public MdpClient(ClientSettings settings, InstantSource clock) {
    this.settings = settings;
    this.clock = clock;
    this.framing = Replies.framing(settings.version());
    this.io = new Thread(this::run, "mdp-client");
    this.io.setDaemon(true);
    this.io.start();
  }

  /** Sends one request; the future completes with the reply body's first frame. */
  public CompletableFuture<byte[]> request(String service, byte[] body) {
    return requestFrames(service, List.of(body))
        .thenApply(f -> f.isEmpty() ? new byte[0] : f.get(0));
  }

  /** Sends one request of any number of frames; completes with every reply frame. */
  public CompletableFuture<List<byte[]>> requestFrames(String service, List<byte[]> body) {
    Call call = new Call(service, List.copyOf(body), settings.retries());
    if (closing) {
      call.future.completeExceptionally(new MdpException("closed", "the client is closed"));
      return call.future;
    }
    submitted.add(call);
    waker.wake();
    return call.future;
  }

  private void run() {
    long closeDeadline = Long.MAX_VALUE;
    long nextSweep = 0;
    try (Selector opened = Selector.open()) {
      selector = opened;
      waker.register(selector);
      while (true) {
        long now = clock.millis();
        if (closing) {
          closeDeadline = Math.min(closeDeadline, now + CLOSE_WAIT.toMillis());
          if ((busy == 0 && waiting.isEmpty() && submitted.isEmpty()) || now >= closeDeadline) {
            break;
          }
        }
        long nextExpiry = nextDeadline();
        int signalled =
            selector.select(
                Math.max(1, Math.min(Math.min(nextExpiry, nextSweep) - now, SWEEP_MILLIS)));
        boolean woken = waker.pending();
        if (woken) {
          waker.clear();
          for (Call c; (c = submitted.poll()) != null; ) {
            waiting.addLast(c);
          }
        }
        // Only the connections whose ZeroMQ signal fired are read: trying every busy connection
        // costs a system call each, which dominated the loop with a large window.
        int replies = 0;
        for (SelectionKey key : selector.selectedKeys()) {
          if (key.attachment() instanceof Slot s) {
            replies += receive(s);
          }
        }
        selector.selectedKeys().clear();
        if (signalled > 0 && replies == 0 && !woken) {
          yieldToSignaller();
        }
        now = clock.millis();
        if (now >= nextSweep) {
          sweep();
          nextSweep = now + SWEEP_MILLIS;
        }
        if (now >= nextExpiry) {
          expire(now);
        }
        assign();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      fail(new MdpException("closed", "the client was closed before the reply came"));
      context.close();
      waker.close();
      stopped.countDown();
    }
  }

  /**
   * A ZeroMQ socket's signal is edge-triggered: a reply whose signal was taken by another call on
   * the socket would wait for its timeout. Reading every busy connection now and then bounds that.
   */
  private void sweep() {
    for (int i = 0; i < slots.size(); i++) {
      Slot s = slots.get(i);
      if (s.call != null) {
        receive(s);
      }
    }
  }

  private long nextDeadline() {
    long next = Long.MAX_VALUE;
    for (int i = 0; i < slots.size(); i++) {
      Call call = slots.get(i).call;
      if (call != null) {
        next = Math.min(next, call.deadline);
      }
    }
    return next;
  }

  private void assign() {
    while (!waiting.isEmpty()) {
      Slot slot = idle.pollFirst();
      boolean fresh = slot == null;
      if (fresh) {
        if (slots.size() >= settings.maxInFlight()) {
          return;
        }
        slot = new Slot(Replies.connect(context, settings));
        try {
          slot.key = slot.socket.getFD().register(selector, SelectionKey.OP_READ, slot);
        } catch (ClosedChannelException e) {
          throw new IllegalStateException("a new connection closed at once", e);
        }
        slots.add(slot);
      }
      Call call = waiting.pollFirst();
      slot.call = call;
      call.deadline = clock.millis() + settings.timeout().toMillis();
      busy++;
      Frames.send(slot.socket, framing.clientRequest(call.service, call.body));
      if (fresh) {
        // A ZeroMQ socket only signals a message to a reader that found it empty before.
        receive(slot);
      }
    }
  }

  /**
   * A signal that brought nothing: JeroMQ (0.6.0, zmq.Signaler.send) writes a socket's signal byte
   * before it counts it, and a reader that runs in between finds nothing to read and leaves the
   * byte, so the selector fires again at once. The writer is a JeroMQ I/O thread that our wake-up
   * often preempted on this very core: spinning here keeps it from finishing until the next
   * scheduler tick (4 ms here). Yielding lets it finish; measured, this loop went from about
   * 100,000 empty wake-ups a second to under 1,000.
   */
  private static void yieldToSignaller() {
    Thread.yield();
  }

  /**
   * Reads until the socket is empty: only an empty read re-arms its signal for the next reply.
   * Returns the number of messages read.
   */
  private int receive(Slot s) {
    int read = 0;
    List<byte[]> msg;
    while ((msg = Frames.receive(s.socket, ZMQ.DONTWAIT)) != null) {
      read++;
      Replies.Reply reply = Replies.parse(msg, settings.version());
      if (reply == null || reply.partial() || s.call == null) {
        continue;
      }
      Call call = s.call;
      s.call = null;
      busy--;
      idle.addLast(s);
      MdpException error = Replies.error(reply.body());
      if (error != null) {
        call.future.completeExceptionally(error);
      } else {
        call.future.complete(reply.body());
      }
    }
    return read;
  }

  private void expire(long now) {
    for (Slot s : new ArrayList<>(slots)) {
      if (s.call != null && now >= s.call.deadline) {
        Call call = s.call;
        s.call = null;
        busy--;
        slots.remove(s);
        s.key.cancel();
        s.socket.close();
        if (call.retriesLeft > 0 && !closing) {
          call.retriesLeft--;
          waiting.addFirst(call);
        } else {
          call.future.completeExceptionally(
              new MdpException(
                  "timeout",
                  "no reply from "
                      + settings.endpoint()
                      + " for service '"
                      + call.service
                      + "' within "
                      + settings.timeout().toMillis()
                      + " ms"
                      + (settings.retries() > 0
                          ? " (" + (settings.retries() + 1) + " attempts)"
                          : "")));
        }
      }
    }
  }

  private void fail(MdpException e) {
    for (Call c; (c = submitted.poll()) != null; ) {
      c.future.completeExceptionally(e);
    }
    waiting.forEach(c -> c.future.completeExceptionally(e));
    waiting.clear();
    for (Slot s : slots) {
      if (s.call != null) {
        s.call.future.completeExceptionally(e);
      }
    }
  }

  /** Stops taking requests, waits (at most {@link #CLOSE_WAIT}) for outstanding replies, closes. */
  @Override
  public void close() {
    closing = true;
    waker.wake();
    try {
      stopped.await(CLOSE_WAIT.toMillis() + 2000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
