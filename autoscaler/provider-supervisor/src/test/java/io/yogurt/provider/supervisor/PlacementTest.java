package io.yogurt.provider.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** New workers go where most slots are free; the first host wins a tie. */
class PlacementTest {

  private static Map<String, Integer> free(Object... hostAndFree) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < hostAndFree.length; i += 2) {
      m.put((String) hostAndFree[i], (Integer) hostAndFree[i + 1]);
    }
    return m;
  }

  @Test
  void spreadsEvenlyByFreeSlots() {
    assertEquals(free("a", 3, "b", 3), Placement.spread(free("a", 4, "b", 4), 6));
    assertEquals(free("a", 1), Placement.spread(free("a", 4, "b", 4), 1));
    assertEquals(free("b", 2, "a", 1), Placement.spread(free("a", 2, "b", 3), 3));
  }

  @Test
  void placesWhatFitsWhenSlotsRunOut() {
    assertEquals(free("a", 1, "b", 2), Placement.spread(free("a", 1, "b", 2, "c", 0), 5));
    assertEquals(Map.of(), Placement.spread(free("a", 0), 2));
  }

  private static ProcessInfo stopped(String name, long stop) {
    return new ProcessInfo(name, "p", ProcessState.STOPPED, 0, stop, 2000, 0, "", "", 0);
  }

  @Test
  void startsTheNeverStartedThenTheLongestStoppedSlotsFirst() {
    assertEquals(
        List.of("p-a-03", "p-a-01", "p-a-00"),
        Placement.leastRecentlyStopped(
            List.of(
                stopped("p-a-00", 1500),
                stopped("p-a-01", 1000),
                stopped("p-a-03", 0),
                stopped("p-a-02", 1900)),
            3,
            Map.of()));
    assertEquals(
        List.of("p-a-01", "p-a-03"),
        Placement.leastRecentlyStopped(
            List.of(stopped("p-a-01", 0), stopped("p-a-03", 0)),
            2,
            Map.of("p-a-03", 1900L, "p-a-01", 1000L)),
        "what Yogurt remembers counts when supervisord was restarted");
  }
}
