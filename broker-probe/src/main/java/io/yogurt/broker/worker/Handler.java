package io.yogurt.broker.worker;

import java.util.List;

/** The work a worker does: request body frames in, reply body frames out. */
@FunctionalInterface
public interface Handler {
  List<byte[]> handle(List<byte[]> request) throws Exception;
}
