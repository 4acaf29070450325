package io.yogurt.broker.worker;

import java.util.List;

/** The work a worker does: request body frames in, reply body frames out. */
@FunctionalInterface
public interface Handler {
  List<byte[]> handle(List<byte[]> request) throws Exception;

  /**
   * True for handlers that return at once and never block (echo): the agent runs them on its I/O
   * thread and saves two thread hand-offs per request. Anything that can take time must say false,
   * or it would delay heartbeats.
   */
  default boolean instant() {
    return false;
  }
}
