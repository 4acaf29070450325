package io.yogurt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

  @Test
  void offATerminalALinePerTenthOfEachStage() {
    StringWriter out = new StringWriter();
    ProgressLine p = new ProgressLine(new PrintWriter(out, true), false);
    for (int i = 1; i <= 40; i++) {
      p.update("backtest: origin " + i, i, 40);
    }
    p.update("selecting: fitted", 1, 1);
    List<String> lines = out.toString().lines().toList();
    assertEquals(11, lines.size(), out.toString());
    assertEquals("backtest 4/40", lines.get(0));
    assertEquals("backtest 40/40", lines.get(9));
    assertEquals("selecting 1/1", lines.get(10));
  }

  @Test
  void onATerminalOneLineRedrawnThenCleared() {
    StringWriter out = new StringWriter();
    ProgressLine p = new ProgressLine(new PrintWriter(out, true), true);
    p.update("importing x.csv", 50, 100);
    p.update("importing x.csv", 100, 100);
    String s = out.toString();
    assertTrue(s.contains("importing x.csv [############............]  50%"), s);
    assertTrue(s.endsWith("\r\033[K"), "cleared at the end");
    assertTrue(!s.contains("\n"), "never a new line");
  }
}
