package io.yogurt.broker.client;

import io.yogurt.broker.mdp.Framing;
import io.yogurt.broker.mdp.Frames;
import io.yogurt.broker.mdp.Waker;
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
  private ZMQ.Poller poller;
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
    int index;
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
    return requestFrames(service, List.of(body)).thenApply(f -> f.isEmpty() ? new byte[0] : f.get(0));
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
    poller = context.createPoller(16);
    waker.register(poller);
    long closeDeadline = Long.MAX_VALUE;
    try {
      while (true) {
        long now = clock.millis();
        if (closing) {
          closeDeadline = Math.min(closeDeadline, now + CLOSE_WAIT.toMillis());
          if ((busy == 0 && waiting.isEmpty() && submitted.isEmpty()) || now >= closeDeadline) {
            break;
          }
        }
        poller.poll(Math.max(1, Math.min(nextDeadline() - now, 1000)));
        if (waker.pending()) {
          waker.clear();
          for (Call c; (c = submitted.poll()) != null; ) {
            waiting.addLast(c);
          }
        }
        // Send first, then read every busy connection without waiting: replies that arrived
        // meanwhile are taken now rather than after another (costly) poll.
        assign();
        for (int i = 0; i < slots.size(); i++) {
          Slot s = slots.get(i);
          if (s.call != null) {
            receive(s);
          }
        }
        long now2 = clock.millis();
        if (now2 >= nextDeadline()) {
          expire(now2);
        }
        assign();
      }
    } finally {
      fail(new MdpException("closed", "the client was closed before the reply came"));
      poller.close();
      context.close();
      waker.close();
      stopped.countDown();
    }
  }

  private long nextDeadline() {
    long next = Long.MAX_VALUE;
    for (Slot s : slots) {
      if (s.call != null) {
        next = Math.min(next, s.call.deadline);
      }
    }
    return next;
  }

  private void assign() {
    while (!waiting.isEmpty()) {
      Slot slot = idle.pollFirst();
      if (slot == null) {
        if (slots.size() >= settings.maxInFlight()) {
          return;
        }
        slot = new Slot(Replies.connect(context, settings));
        slot.index = poller.register(slot.socket, ZMQ.Poller.POLLIN);
        slots.add(slot);
      }
      Call call = waiting.pollFirst();
      slot.call = call;
      call.deadline = clock.millis() + settings.timeout().toMillis();
      busy++;
      Frames.send(slot.socket, framing.clientRequest(call.service, call.body));
    }
  }

  private void receive(Slot s) {
    while (s.call != null) {
      List<byte[]> msg = Frames.receive(s.socket, ZMQ.DONTWAIT);
      if (msg == null) {
        return;
      }
      Replies.Reply reply = Replies.parse(msg, settings.version());
      if (reply == null || reply.partial()) {
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
  }

  private void expire(long now) {
    boolean discarded = false;
    for (Slot s : new ArrayList<>(slots)) {
      if (s.call != null && now >= s.call.deadline) {
        Call call = s.call;
        s.call = null;
        busy--;
        slots.remove(s);
        s.socket.close();
        discarded = true;
        if (call.retriesLeft > 0 && !closing) {
          call.retriesLeft--;
          waiting.addFirst(call);
        } else {
          call.future.completeExceptionally(new MdpException("timeout", "no reply from "
              + settings.endpoint() + " for service '" + call.service + "' within "
              + settings.timeout().toMillis() + " ms"
              + (settings.retries() > 0 ? " (" + (settings.retries() + 1) + " attempts)" : "")));
        }
      }
    }
    if (discarded) {
      rebuildPoller();
    }
  }

  /** Indexes shift when a socket goes, so the poller is rebuilt (rare: only after a timeout). */
  private void rebuildPoller() {
    poller.close();
    poller = context.createPoller(slots.size() + 1);
    waker.register(poller);
    for (Slot s : slots) {
      s.index = poller.register(s.socket, ZMQ.Poller.POLLIN);
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
