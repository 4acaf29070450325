package io.yogurt.cli;

import io.yogurt.models.Progress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows a long job's progress on stderr, the one renderer of the CLI: on a terminal one line
 * redrawn in place ({@code backtest: origin 2026-03-01T00:00Z [##########..............] 42%}),
 * cleared when the stage ends; otherwise (a log file, a pipe) a line per tenth of each stage
 * ({@code backtest 10/24}).
 */
final class ProgressLine implements Progress {

  private static final int WIDTH = 24;

  private final PrintWriter err;
  private final boolean terminal;
  private String lastStage = "";
  private String lastWhat = "";
  private int lastPercent = -1;

  ProgressLine(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  /** On stderr, redrawn in place when stderr is a terminal. */
  static ProgressLine onStderr(PrintWriter err) {
    return new ProgressLine(err, System.console() != null);
  }

  @Override
  public synchronized void update(String what, long done, long total) {
    String stage = what.contains(":") ? what.substring(0, what.indexOf(':')) : what;
    int percent = total <= 0 ? 100 : (int) Math.min(100, 100 * done / total);
    if (!stage.equals(lastStage)) {
      lastStage = stage;
      lastPercent = -1;
    }
    if (terminal) {
      if (percent != lastPercent || !what.equals(lastWhat)) {
        int filled = percent * WIDTH / 100;
        err.print(
            String.format(
                Locale.ROOT,
                "\r\033[K%s [%s%s] %3d%%",
                what,
                "#".repeat(filled),
                ".".repeat(WIDTH - filled),
                percent));
      }
      if (done >= total) {
        err.print("\r\033[K");
      }
      err.flush();
    } else if (percent / 10 != lastPercent / 10) {
      err.println(stage + " " + done + "/" + total);
    }
    lastPercent = percent;
    lastWhat = what;
  }
}
