package io.yogurt.simulations;

import java.util.LinkedHashMap;
import java.util.Map;

/** Progress of several runs going on at once, shown as one bar: their mean fraction. */
public final class CombinedProgress implements Progress {

  private final Progress out;
  private final int runs;
  private final Map<String, Double> fractions = new LinkedHashMap<>();

  public CombinedProgress(Progress out, int runs) {
    this.out = out;
    this.runs = runs;
  }

  @Override
  public synchronized void update(String label, double fraction) {
    fractions.put(label, fraction);
    double sum = fractions.values().stream().mapToDouble(Double::doubleValue).sum();
    long finished = fractions.values().stream().filter(f -> f >= 1).count();
    out.update(finished + "/" + runs + " runs", sum / runs);
  }

  @Override
  public synchronized void done(String label) {
    update(label, 1.0);
    if (fractions.size() == runs && fractions.values().stream().allMatch(f -> f >= 1)) {
      out.done("all");
    }
  }
}
