package io.yogurt.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.config.InvalidInputException;
import io.yogurt.history.elasticsearch.ElasticsearchHistory;
import io.yogurt.history.elasticsearch.ElasticsearchSettings;
import io.yogurt.history.elasticsearch.ElasticsearchSettings.ReadSource;
import io.yogurt.history.elasticsearch.TestElasticsearch;
import io.yogurt.history.embedded.EmbeddedHistory;
import io.yogurt.models.History;
import io.yogurt.models.ManualClock;
import io.yogurt.models.Metrics;
import io.yogurt.models.Sample;
import io.yogurt.models.SeriesQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox against the real server: written while it is "down" (a dead port), replayed when up.
 */
@Tag("elasticsearch")
class ResilientElasticsearchTest {

  static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

  @TempDir Path state;
  ManualClock clock = new ManualClock(T0);

  HistorySettings settings(ElasticsearchSettings es) {
    return HistorySettings.DEFAULT
        .withBackend(HistorySettings.Backend.ELASTICSEARCH)
        .withElasticsearch(es);
  }

  final ElasticsearchSettings live = TestElasticsearch.settings();

  @AfterEach
  void drop() throws Exception {
    try (ElasticsearchHistory es = ElasticsearchHistory.create(live)) {
      es.dropAll();
    }
  }

  @Test
  void samplesWrittenWhileElasticsearchIsDownAreDeliveredOnceWhenItIsBack() throws Exception {
    ElasticsearchSettings dead =
        TestElasticsearch.deadSettings().withIndexPrefix(live.indexPrefix());
    List<Sample> samples = new ArrayList<>();
    for (int m = 0; m < 120; m++) {
      samples.add(new Sample("api", Metrics.ARRIVALS, T0.plus(Duration.ofMinutes(m)), m % 9));
    }
    SeriesQuery twoHours =
        new SeriesQuery(
            "api", Metrics.ARRIVALS, T0, T0.plus(Duration.ofHours(2)), Duration.ofMinutes(1));

    try (History h = HistoryStores.open(state, settings(dead), clock)) {
      ResilientHistory down = assertInstanceOf(ResilientHistory.class, h);
      assertFalse(down.status().healthy(), down.status().line());
      h.append(samples.subList(0, 60));
      h.append(samples.subList(60, 120));
      assertEquals(120, down.status().waiting());
      assertTrue(down.status().line().contains(dead.url().toString()), down.status().line());
      assertEquals(0, h.read(twoHours).gaps(), "reads fall back to the embedded store");
    }
    try (History h = HistoryStores.open(state, settings(live), clock);
        ElasticsearchHistory es = ElasticsearchHistory.create(live)) {
      ResilientHistory up = (ResilientHistory) h;
      assertTrue(up.status().healthy(), up.status().line());
      assertEquals(0, up.status().waiting());
      h.append(samples.subList(0, 10)); // a repeat must not duplicate
      es.refresh();
      assertEquals(120, es.client().count(c -> c.index(es.layout().metricsPattern())).count());
      try (EmbeddedHistory expected =
          EmbeddedHistory.open(state.resolve("expected"), HistorySettings.DEFAULT)) {
        expected.append(samples);
        assertArrayEquals(expected.read(twoHours).values(), es.read(twoHours).values());
      }
    }
  }

  @Test
  void aWrongReadSourceStopsStartUpNamingTheKey() throws Exception {
    ElasticsearchSettings bad =
        live.withSources(
            List.of(
                new ReadSource(Metrics.ARRIVALS, "yogurt-no-such-*", "@timestamp", "service", "")));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> HistoryStores.open(state, settings(bad), clock));
    assertTrue(e.getMessage().contains("history.elasticsearch.sources[0]"), e.getMessage());
  }
}
