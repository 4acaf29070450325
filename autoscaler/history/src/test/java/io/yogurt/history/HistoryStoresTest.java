package io.yogurt.history;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.yogurt.history.embedded.EmbeddedHistory;
import io.yogurt.models.History;
import io.yogurt.models.ManualClock;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryStoresTest {

  @Test
  void theDefaultIsTheEmbeddedStore(@TempDir Path state) throws Exception {
    try (History h =
        HistoryStores.open(state, HistorySettings.DEFAULT, new ManualClock(Instant.EPOCH))) {
      assertInstanceOf(EmbeddedHistory.class, h);
    }
  }
}
