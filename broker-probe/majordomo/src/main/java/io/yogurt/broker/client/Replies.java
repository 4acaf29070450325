package io.yogurt.broker.client;

import io.yogurt.broker.curve.CurveClient;
import io.yogurt.broker.mdp.Frames;
import io.yogurt.broker.mdp.Framing;
import io.yogurt.broker.mdp.HandshakeGuard;
import io.yogurt.broker.mdp.MdpVersion;
import io.yogurt.broker.mdp.Mmi;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** Client-side framing shared by the async and sync clients. */
final class Replies {

  /** A reply parsed from the wire: final or partial, and its body frames. */
  record Reply(boolean partial, List<byte[]> body) {}

  private Replies() {}

  static Framing framing(MdpVersion v) {
    return v == MdpVersion.V01 ? Framing.V01 : Framing.V02;
  }

  static ZMQ.Socket connect(ZContext context, ClientSettings settings) {
    ZMQ.Socket s = context.createSocket(SocketType.DEALER);
    s.setLinger(0);
    HandshakeGuard.apply(s, settings.handshakeTimeout());
    CurveClient.applyIfAny(settings.curve(), s);
    s.connect(settings.endpoint());
    return s;
  }

  /** Parses a reply; null when malformed (which the caller ignores). */
  static Reply parse(List<byte[]> msg, MdpVersion version) {
    int i = !msg.isEmpty() && msg.get(0).length == 0 ? 1 : 0;
    if (msg.size() <= i || MdpVersion.ofClientHeader(msg.get(i)) != version) {
      return null;
    }
    i++;
    boolean partial = false;
    if (version == MdpVersion.V02) {
      if (msg.size() <= i || msg.get(i).length != 1) {
        return null;
      }
      partial = msg.get(i)[0] == MdpVersion.CLIENT_PARTIAL;
      i++;
    }
    if (msg.size() <= i) {
      return null;
    }
    return new Reply(partial, List.copyOf(msg.subList(i + 1, msg.size())));
  }

  /** The error a broker or worker error reply stands for, or null for a normal reply. */
  static MdpException error(List<byte[]> body) {
    if (body.size() >= 2 && Mmi.ERROR_MARKER.equals(Frames.string(body.get(0)))) {
      return new MdpException(
          Frames.string(body.get(1)),
          body.size() > 2 ? Frames.string(body.get(2)) : "error " + Frames.string(body.get(1)));
    }
    return null;
  }
}
