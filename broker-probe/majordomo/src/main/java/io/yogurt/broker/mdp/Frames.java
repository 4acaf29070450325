package io.yogurt.broker.mdp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.ZMQ;

/** Small helpers over multipart messages as lists of byte arrays. */
public final class Frames {

  public static final byte[] EMPTY = new byte[0];

  private Frames() {}

  public static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  public static String string(byte[] frame) {
    return new String(frame, StandardCharsets.UTF_8);
  }

  /** Sends every frame, all but the last with SNDMORE. */
  public static boolean send(ZMQ.Socket socket, List<byte[]> frames) {
    int last = frames.size() - 1;
    boolean ok = true;
    for (int i = 0; i <= last; i++) {
      ok &= socket.send(frames.get(i), i < last ? ZMQ.SNDMORE : 0);
    }
    return ok;
  }

  /** Receives one whole multipart message; null when none is waiting (with DONTWAIT). */
  public static List<byte[]> receive(ZMQ.Socket socket, int flags) {
    byte[] first = socket.recv(flags);
    if (first == null) {
      return null;
    }
    List<byte[]> frames = new ArrayList<>(6);
    frames.add(first);
    while (socket.hasReceiveMore()) {
      frames.add(socket.recv(0));
    }
    return frames;
  }

  /** A printable name for a socket identity: text when it is printable, else hex. */
  public static String printable(byte[] identity) {
    boolean text = identity.length > 0;
    for (byte b : identity) {
      if (b < 0x20 || b > 0x7e) {
        text = false;
        break;
      }
    }
    if (text) {
      return new String(identity, StandardCharsets.US_ASCII);
    }
    StringBuilder hex = new StringBuilder("0x");
    for (byte b : identity) {
      hex.append(String.format("%02x", b));
    }
    return hex.toString();
  }
}
