package io.yogurt.broker.bench;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * A relay with no Majordomo logic: a ROUTER frontend for one client, a ROUTER backend for one echo
 * worker, one relay thread, and the worker. It makes the same hops as the broker (client, relay,
 * worker, relay, client), so its round trip is the floor for any broker built on JeroMQ. One
 * request at a time: the relay waits for the reply before it reads the next request, which lets it
 * use blocking receives (a JeroMQ poller would cost more than the relay itself).
 */
final class BareRelay implements AutoCloseable {

  private static final byte[] READY = {1};

  private final ZMQ.Context context = ZMQ.context(1);

  /** The worker's own, as a worker process would have. */
  private final ZMQ.Context workerContext = ZMQ.context(1);

  private final String endpoint;

  BareRelay() {
    ZMQ.Socket frontend = context.socket(SocketType.ROUTER);
    ZMQ.Socket backend = context.socket(SocketType.ROUTER);
    frontend.bind("tcp://127.0.0.1:*");
    backend.bind("tcp://127.0.0.1:*");
    endpoint = frontend.getLastEndpoint();
    ZMQ.Socket worker = workerContext.socket(SocketType.DEALER);
    worker.connect(backend.getLastEndpoint());
    worker.send(READY, 0);
    // Its first message tells the relay the worker's identity (and that it is connected).
    byte[] workerId = backend.recv(0);
    backend.recv(0);
    daemon("bare-relay", () -> relay(frontend, backend, workerId)).start();
    daemon("bare-echo", () -> echo(worker)).start();
  }

  /** Where a client DEALER connects. */
  String endpoint() {
    return endpoint;
  }

  private static void relay(ZMQ.Socket frontend, ZMQ.Socket backend, byte[] workerId) {
    try (frontend;
        backend) {
      while (true) {
        byte[] client = frontend.recv(0);
        byte[] body = frontend.recv(0);
        backend.send(workerId, ZMQ.SNDMORE);
        backend.send(client, ZMQ.SNDMORE);
        backend.send(body, 0);
        backend.recv(0); // the worker's identity
        byte[] replyTo = backend.recv(0);
        byte[] reply = backend.recv(0);
        frontend.send(replyTo, ZMQ.SNDMORE);
        frontend.send(reply, 0);
      }
    } catch (RuntimeException e) {
      // context terminated: done
    }
  }

  private static void echo(ZMQ.Socket socket) {
    try (socket) {
      while (true) {
        byte[] client = socket.recv(0);
        byte[] body = socket.recv(0);
        socket.send(client, ZMQ.SNDMORE);
        socket.send(body, 0);
      }
    } catch (RuntimeException e) {
      // context terminated: done
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Terminates both contexts: the threads' blocking receives fail, and each thread closes its own
   * sockets (ZeroMQ sockets must not be closed from another thread while in use).
   */
  @Override
  public void close() {
    context.term();
    workerContext.term();
  }
}
