package io.yogurt.autoscaler.admin;

import java.io.IOException;

/**
 * Builds the status body once for every request waiting for it: a request takes a ticket when it
 * arrives, and may use a body whose building started after it arrived (so it is never older than
 * the request); otherwise it builds one. A hundred status calls at once then cost one or two builds
 * instead of a hundred, and leave the CPU to {@code /healthz} and the tick.
 */
final class StatusOnce {

  /** Builds the body; may read the override storage, which may fail. */
  interface Builder {
    String build() throws IOException;
  }

  private final Builder build;
  private long tickets;
  private long builtAfter = -1;
  private String body;

  StatusOnce(Builder build) {
    this.build = build;
  }

  /** Taken when a request arrives, before it waits for anything. */
  synchronized long ticket() {
    return ++tickets;
  }

  /** A body built after the request with this ticket arrived: the last one, or a new one. */
  synchronized String body(long ticket) throws IOException {
    if (body == null || builtAfter < ticket) {
      builtAfter = tickets; // every request with a ticket up to here arrived before this build
      body = build.build();
    }
    return body;
  }
}
