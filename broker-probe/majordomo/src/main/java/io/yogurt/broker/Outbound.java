package io.yogurt.broker;

import java.util.List;

/** Where the engine's messages go: the ROUTER socket in production. */
interface Outbound {
  void send(byte[] identity, List<byte[]> frames);
}
