package io.yogurt.provider.supervisor;

import java.util.List;

/**
 * One host as {@code yogurt status} shows it: whether its supervisord answers, and what runs and
 * what failed there.
 *
 * @param state {@code ok}, {@code unreachable}, {@code refused} (credentials, not supervisord) or
 *     {@code out of rotation}
 * @param detail why it is not ok; empty when it is
 * @param workers Yogurt workers on the host (all pools), running or being restarted
 * @param running instance names running, with their uptime: "echo-web1-00 (up 3m12s)"
 * @param failed instances the host's supervisord reports failing: "echo-web1-01: FATAL ..."
 */
public record HostReport(
    String name,
    String url,
    String state,
    String detail,
    int maxWorkers,
    int workers,
    List<String> running,
    List<String> failed) {

  public HostReport {
    running = List.copyOf(running);
    failed = List.copyOf(failed);
  }
}
