package io.yogurt.simulations;

import io.yogurt.models.Progress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Progress of several runs going on at once (each over the same trace), shown as one stage: the
 * steps done by all of them out of the runs' steps together.
 */
public final class CombinedProgress implements Progress {

  private final Progress out;
  private final String stage;
  private final int runs;
  private final Map<String, long[]> byRun = new LinkedHashMap<>();

  public CombinedProgress(Progress out, String stage, int runs) {
    this.out = out;
    this.stage = stage;
    this.runs = runs;
  }

  @Override
  public synchronized void update(String run, long done, long total) {
    byRun.put(run, new long[] {done, total});
    long doneAll = 0;
    long longest = 0;
    int finished = 0;
    for (long[] r : byRun.values()) {
      doneAll += r[0];
      longest = Math.max(longest, r[1]);
      finished += r[0] >= r[1] ? 1 : 0;
    }
    out.update(stage + ": " + finished + "/" + runs + " runs", doneAll, longest * runs);
  }
}
