package io.yogurt.broker;

import io.yogurt.broker.mdp.Frames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The frames brokers exchange when they peer. The state flow (PUB/SUB): {@code YSTATE01, cluster,
 * sender endpoint, incarnation, {"service": idle workers, ...}}. The request path (the sender's
 * DEALER to the peer's ROUTER, answers back on the same connection): {@code YPEER01, REQ, cluster,
 * sender endpoint, id, service, body...}, answered by {@code YPEER01, REP, id, body...} or {@code
 * YPEER01, NAK, id, reason} (refused: another cluster, an unknown key, peering off).
 */
final class PeerWire {

  static final byte[] STATE = Frames.text("YSTATE01");
  static final byte[] HEADER = Frames.text("YPEER01");
  static final String REQUEST = "REQ";
  static final String REPLY = "REP";
  static final String REFUSED = "NAK";

  private PeerWire() {}

  static boolean isPeerHeader(byte[] frame) {
    return Arrays.equals(HEADER, frame);
  }

  static List<byte[]> request(
      String cluster, String self, long id, String service, List<byte[]> body) {
    List<byte[]> f = new ArrayList<>(body.size() + 6);
    f.add(HEADER);
    f.add(Frames.text(REQUEST));
    f.add(Frames.text(cluster));
    f.add(Frames.text(self));
    f.add(Frames.text(Long.toString(id)));
    f.add(Frames.text(service));
    f.addAll(body);
    return f;
  }

  static List<byte[]> reply(byte[] id, List<byte[]> body) {
    List<byte[]> f = new ArrayList<>(body.size() + 3);
    f.add(HEADER);
    f.add(Frames.text(REPLY));
    f.add(id);
    f.addAll(body);
    return f;
  }

  static List<byte[]> refused(byte[] id, String reason) {
    return List.of(HEADER, Frames.text(REFUSED), id, Frames.text(reason));
  }

  static List<byte[]> state(String cluster, String self, String incarnation, byte[] idleJson) {
    return List.of(
        STATE, Frames.text(cluster), Frames.text(self), Frames.text(incarnation), idleJson);
  }
}
