package io.yogurt.broker.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yogurt.broker.client.ClientSettings;
import io.yogurt.broker.client.MdpException;
import io.yogurt.broker.client.MdpSyncClient;
import io.yogurt.broker.curve.CurveClient;
import io.yogurt.broker.mdp.Frames;
import java.io.IOException;
import java.time.InstantSource;
import java.util.List;

/**
 * Calls one broker's management services and parses their JSON. Throws {@link ManagementException}
 * with a short reason when the broker does not answer or refuses.
 */
public final class ManagementClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ProbeTarget target;
  private final MdpSyncClient client;

  /**
   * One retry on a fresh connection: a look should not be lost to one slow or dropped answer. (A
   * fresh connection stuck in its handshake is re-established by the client itself: see {@link
   * io.yogurt.broker.mdp.HandshakeGuard}.)
   */
  public ManagementClient(ProbeTarget target, CurveClient curve, InstantSource clock) {
    this.target = target;
    this.client =
        new MdpSyncClient(
            ClientSettings.of(target.endpoint()).withTimeout(target.timeout(), 1).withCurve(curve),
            clock);
  }

  public ProbeTarget target() {
    return target;
  }

  /** Calls {@code service} with an optional argument; returns the status and the JSON document. */
  public Answer call(String service, String argument) throws ManagementException {
    List<byte[]> reply;
    try {
      reply =
          client.requestFrames(
              service, argument.isEmpty() ? List.of() : List.of(Frames.text(argument)));
    } catch (MdpException e) {
      throw new ManagementException(
          e.code().equals("timeout")
              ? "no answer within " + target.timeout().toMillis() + " ms (2 attempts)"
              : e.getMessage());
    }
    if (reply.isEmpty()) {
      throw new ManagementException(service + ": empty reply");
    }
    String status = Frames.string(reply.get(0));
    JsonNode doc = null;
    if (reply.size() > 1) {
      try {
        doc = JSON.readTree(reply.get(1));
      } catch (IOException e) {
        throw new ManagementException(service + ": reply is not JSON (" + e.getMessage() + ")");
      }
    }
    return new Answer(status, doc);
  }

  /** A management reply: status code and optional JSON document. */
  public record Answer(String status, JsonNode doc) {
    public boolean ok() {
      return "200".equals(status);
    }

    public String error() {
      return doc != null && doc.has("error") ? doc.get("error").asText() : "status " + status;
    }
  }

  /** A broker that did not answer or refused. */
  public static final class ManagementException extends Exception {
    public ManagementException(String message) {
      super(message);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
