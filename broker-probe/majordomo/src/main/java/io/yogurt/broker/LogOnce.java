package io.yogurt.broker;

import java.util.HashSet;
import java.util.Set;

/**
 * Remembers what was already logged, so that a peer refused at every message is named once, not
 * thousands of times. Bounded: past 1,000 keys it forgets and may say things once more.
 */
final class LogOnce {

  private static final int LIMIT = 1000;
  private final Set<String> said = new HashSet<>();

  /** True the first time {@code key} is seen: log then. */
  synchronized boolean first(String key) {
    if (said.size() >= LIMIT) {
      said.clear();
    }
    return said.add(key);
  }

  /** Forgets a key, so that its next occurrence is logged again (a peer that came back). */
  synchronized void forget(String key) {
    said.remove(key);
  }
}
