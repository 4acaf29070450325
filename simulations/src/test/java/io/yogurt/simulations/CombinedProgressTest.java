package io.yogurt.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CombinedProgressTest {

  @Test
  void severalRunsAreOneStageThatEndsWhenTheLastRunEnds() {
    List<String> seen = new ArrayList<>();
    CombinedProgress p =
        new CombinedProgress(
            (what, done, total) -> seen.add(what + " " + done + "/" + total), "simulate", 2);
    p.update("reactive", 50, 100);
    p.update("oracle", 100, 100);
    p.update("reactive", 100, 100);
    assertEquals(
        List.of(
            "simulate: 0/2 runs 50/200",
            "simulate: 1/2 runs 150/200",
            "simulate: 2/2 runs 200/200"),
        seen);
  }
}
