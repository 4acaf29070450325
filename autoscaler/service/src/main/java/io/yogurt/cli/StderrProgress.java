package io.yogurt.cli;

import io.yogurt.forecasting.Progress;
import java.io.PrintStream;

/** Progress of a long job on stderr: a line per 10% (or an updating line on a terminal). */
final class StderrProgress implements Progress {

  private final PrintStream err;
  private final boolean terminal;
  private String lastStage = "";
  private int lastTenth = -1;

  StderrProgress(PrintStream err) {
    this.err = err;
    this.terminal = System.console() != null;
  }

  @Override
  public void update(int done, int total, String what) {
    String stage = what.contains(":") ? what.substring(0, what.indexOf(':')) : what;
    int tenth = total == 0 ? 10 : done * 10 / total;
    if (!stage.equals(lastStage)) {
      lastStage = stage;
      lastTenth = -1;
    }
    if (terminal) {
      err.print("\r" + stage + " " + done + "/" + total + (done == total ? "\n" : ""));
      err.flush();
    } else if (tenth != lastTenth) {
      lastTenth = tenth;
      err.println(stage + " " + done + "/" + total);
    }
  }
}
