package io.yogurt.broker;

/**
 * What the transport tells us about the sender of a message.
 *
 * @param address remote IP address ("" for inproc and ipc, which are local)
 * @param curveKey the sender's CURVE public key in Z85 ("" without CURVE)
 */
record PeerInfo(String address, String curveKey) {

  static final PeerInfo LOCAL = new PeerInfo("", "");

  boolean loopback() {
    return address.isEmpty()
        || address.startsWith("127.")
        || address.equals("::1")
        || address.equals("0:0:0:0:0:0:0:1")
        || address.startsWith("localhost");
  }
}
