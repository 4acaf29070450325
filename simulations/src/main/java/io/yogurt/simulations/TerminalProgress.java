package io.yogurt.simulations;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar redrawn in place (use only when stderr is a terminal). */
public final class TerminalProgress implements Progress {

  private static final int WIDTH = 30;

  private final PrintStream out;
  private int lastPercent = -1;

  public TerminalProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public void update(String label, double fraction) {
    int percent = (int) Math.floor(Math.max(0, Math.min(1, fraction)) * 100);
    if (percent == lastPercent) {
      return;
    }
    lastPercent = percent;
    int filled = percent * WIDTH / 100;
    out.print(
        String.format(
            Locale.ROOT,
            "\r[%s%s] %3d%% %-12s",
            "#".repeat(filled),
            ".".repeat(WIDTH - filled),
            percent,
            label));
    out.flush();
  }

  @Override
  public void done(String label) {
    lastPercent = -1;
    out.print("\r" + " ".repeat(WIDTH + 20) + "\r");
    out.flush();
  }
}
