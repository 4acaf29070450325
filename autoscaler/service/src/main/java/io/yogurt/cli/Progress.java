package io.yogurt.cli;

import java.io.PrintWriter;

/** A "done/total" line redrawn in place, shown only when stderr is a terminal. */
final class Progress {

  private final PrintWriter err;
  private final String what;
  private final long total;
  private final boolean terminal;
  private int lastPercent = -1;

  Progress(PrintWriter err, String what, long total) {
    this.err = err;
    this.what = what;
    this.total = total;
    this.terminal = System.console() != null;
  }

  void update(long done) {
    int percent = total == 0 ? 100 : (int) (100 * done / total);
    if (terminal && percent != lastPercent) {
      lastPercent = percent;
      err.print("\r" + what + ": " + done + "/" + total + " (" + percent + "%)");
      err.flush();
    }
  }

  void finish() {
    if (terminal && lastPercent >= 0) {
      err.print("\r\033[K");
      err.flush();
    }
  }
}
