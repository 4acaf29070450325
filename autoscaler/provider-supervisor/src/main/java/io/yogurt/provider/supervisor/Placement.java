package io.yogurt.provider.supervisor;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spreads new workers over hosts by free slots: each goes to the host with the most free slots left
 * (the first listed on a tie), so hosts fill evenly and one host's loss costs least.
 */
final class Placement {

  private Placement() {}

  /**
   * @param free free slots per host, in the configured order
   * @return how many to start on each host, at most {@code count} in all; fewer when slots run out
   */
  static Map<String, Integer> spread(Map<String, Integer> free, int count) {
    Map<String, Integer> left = new LinkedHashMap<>(free);
    Map<String, Integer> out = new LinkedHashMap<>();
    for (int n = 0; n < count; n++) {
      String best = null;
      for (Map.Entry<String, Integer> e : left.entrySet()) {
        if (e.getValue() > 0 && (best == null || e.getValue() > left.get(best))) {
          best = e.getKey();
        }
      }
      if (best == null) {
        break;
      }
      left.merge(best, -1, Integer::sum);
      out.merge(best, 1, Integer::sum);
    }
    return out;
  }

  /**
   * The names of {@code count} free slots, the longest stopped first (never started ones first of
   * all), then by name: a broker turns away a worker whose name it drained in the last minutes, so
   * a slot just drained is the last one reused.
   *
   * @param stoppedByYogurt when Yogurt stopped each slot (epoch seconds), which supervisord forgets
   *     when it restarts
   */
  static List<String> leastRecentlyStopped(
      List<ProcessInfo> free, int count, Map<String, Long> stoppedByYogurt) {
    Comparator<ProcessInfo> lastStop =
        Comparator.comparingLong(
            p -> Math.max(p.stop(), stoppedByYogurt.getOrDefault(p.name(), 0L)));
    return free.stream()
        .sorted(lastStop.thenComparing(ProcessInfo::name))
        .limit(count)
        .map(ProcessInfo::name)
        .toList();
  }
}
