package io.yogurt.broker.client;

import io.yogurt.broker.mdp.Frames;
import io.yogurt.broker.mdp.Framing;
import java.time.InstantSource;
import java.util.List;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A synchronous Majordomo client ("lazy pirate"): send, wait up to the timeout, and on silence drop
 * the connection and retry on a fresh one. One request at a time; calls are serialized.
 */
public final class MdpSyncClient implements AutoCloseable {

  private final ClientSettings settings;
  private final InstantSource clock;
  private final Framing framing;
  private final ZContext context = new ZContext(1);
  private ZMQ.Socket socket;

  public MdpSyncClient(ClientSettings settings, InstantSource clock) {
    this.settings = settings;
    this.clock = clock;
    this.framing = Replies.framing(settings.version());
  }

  /** Sends one frame, returns the reply's first frame. */
  public byte[] request(String service, byte[] body) {
    List<byte[]> reply = requestFrames(service, List.of(body));
    return reply.isEmpty() ? new byte[0] : reply.get(0);
  }

  /**
   * Sends a request and waits for its reply.
   *
   * @throws MdpException on timeout (after every retry) or an error reply
   */
  public synchronized List<byte[]> requestFrames(String service, List<byte[]> body) {
    try {
      return attempt(service, body);
    } catch (MdpException e) {
      throw e;
    } catch (RuntimeException e) {
      // A socket broken under us (e.g. the calling thread was interrupted mid-poll, which closes
      // NIO channels): start over on a fresh one next time.
      reset();
      throw new MdpException("error", "request to " + settings.endpoint() + " failed: " + e);
    }
  }

  private List<byte[]> attempt(String service, List<byte[]> body) {
    for (int attempt = 0; attempt <= settings.retries(); attempt++) {
      if (socket == null) {
        socket = Replies.connect(context, settings);
      }
      Frames.send(socket, framing.clientRequest(service, body));
      long deadline = clock.millis() + settings.timeout().toMillis();
      while (true) {
        long left = deadline - clock.millis();
        if (left <= 0) {
          break;
        }
        // A blocking receive with a timeout: far cheaper than a JeroMQ poller per request.
        socket.setReceiveTimeOut((int) Math.min(left, Integer.MAX_VALUE));
        List<byte[]> msg = Frames.receive(socket, 0);
        Replies.Reply reply = msg == null ? null : Replies.parse(msg, settings.version());
        if (reply == null || reply.partial()) {
          continue;
        }
        MdpException error = Replies.error(reply.body());
        if (error != null) {
          throw error;
        }
        return reply.body();
      }
      reset();
    }
    throw new MdpException(
        "timeout",
        "no reply from "
            + settings.endpoint()
            + " for service '"
            + service
            + "' within "
            + settings.timeout().toMillis()
            + " ms"
            + (settings.retries() > 0 ? " (" + (settings.retries() + 1) + " attempts)" : ""));
  }

  /** Drops the connection (a late reply must not answer the next request). */
  private void reset() {
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }

  @Override
  public synchronized void close() {
    reset();
    context.close();
  }
}
