package io.yogurt.broker.curve;

import org.zeromq.ZMQ;

/**
 * What a CURVE client (worker, client, probe) needs: its own key pair and the broker's public key.
 */
public record CurveClient(CurveKeys keys, String serverPublicKeyZ85) {

  public void apply(ZMQ.Socket socket) {
    keys.applyAsClient(socket, serverPublicKeyZ85);
  }

  /** Applies the keys when CURVE is configured; does nothing for null. */
  public static void applyIfAny(CurveClient curve, ZMQ.Socket socket) {
    if (curve != null) {
      curve.apply(socket);
    }
  }
}
