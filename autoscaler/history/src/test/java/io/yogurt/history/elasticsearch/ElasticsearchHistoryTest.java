package io.yogurt.history.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.config.InvalidInputException;
import io.yogurt.history.HistorySettings;
import io.yogurt.history.elasticsearch.ElasticsearchSettings.ReadSource;
import io.yogurt.history.embedded.EmbeddedHistory;
import io.yogurt.models.HistoryException;
import io.yogurt.models.Metrics;
import io.yogurt.models.Sample;
import io.yogurt.models.Series;
import io.yogurt.models.SeriesQuery;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("elasticsearch")
class ElasticsearchHistoryTest {

  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  static final Duration MINUTE = Duration.ofMinutes(1);

  ElasticsearchHistory es;

  @BeforeEach
  void open() throws Exception {
    es = ElasticsearchHistory.create(TestElasticsearch.settings());
    es.prepare();
  }

  @AfterEach
  void drop() throws Exception {
    es.dropAll();
    es.close();
  }

  static Sample at(int minute, String metric, double value) {
    return new Sample("api", metric, T0.plus(MINUTE.multipliedBy(minute)), value);
  }

  static SeriesQuery query(String metric, int fromMinute, int toMinute, Duration step) {
    return new SeriesQuery(
        "api",
        metric,
        T0.plus(MINUTE.multipliedBy(fromMinute)),
        T0.plus(MINUTE.multipliedBy(toMinute)),
        step);
  }

  @Test
  void roundTripWithGapsAsNaN() throws Exception {
    es.append(
        List.of(
            at(0, Metrics.ARRIVALS, 5),
            at(1, Metrics.ARRIVALS, 7),
            at(3, Metrics.ARRIVALS, 2),
            new Sample("other", Metrics.ARRIVALS, T0, 100)));
    es.refresh();
    Series s = es.read(query(Metrics.ARRIVALS, 0, 5, MINUTE));
    assertArrayEquals(new double[] {5, 7, Double.NaN, 2, Double.NaN}, s.values());
    assertEquals(T0, s.start());
  }

  @Test
  void listsTheServicesWithSamplesOfAMetricInARange() throws Exception {
    es.append(
        List.of(
            at(0, Metrics.ARRIVALS, 5),
            at(1, Metrics.QUEUED, 1),
            new Sample("web", Metrics.ARRIVALS, T0.plus(MINUTE), 100),
            new Sample("old", Metrics.ARRIVALS, T0.minus(MINUTE), 100)));
    es.refresh();
    assertEquals(
        List.of("api", "web"), es.services(Metrics.ARRIVALS, T0, T0.plus(Duration.ofHours(1))));
    assertEquals(List.of("api"), es.services(Metrics.QUEUED, T0, T0.plus(Duration.ofHours(1))));
    assertEquals(
        List.of(),
        es.services(Metrics.ARRIVALS, T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2))));
  }

  @Test
  void reAppendingReplacesInsteadOfDuplicating() throws Exception {
    es.append(List.of(at(0, Metrics.ARRIVALS, 5), at(1, Metrics.ARRIVALS, 7)));
    es.append(List.of(at(0, Metrics.ARRIVALS, 5), at(1, Metrics.ARRIVALS, 9)));
    es.refresh();
    assertEquals(2, es.client().count(c -> c.index(es.layout().metricsPattern())).count());
    assertArrayEquals(new double[] {5, 9}, es.read(query(Metrics.ARRIVALS, 0, 2, MINUTE)).values());
  }

  @Test
  void samplesGoToMonthlyOrDailyIndicesByTheirTime() throws Exception {
    es.append(
        List.of(
            at(0, Metrics.ARRIVALS, 1),
            new Sample("api", Metrics.ARRIVALS, T0.plus(Duration.ofDays(31)), 2)));
    String prefix = es.layout().prefix();
    assertEquals(List.of(prefix + "-metrics-2026.03", prefix + "-metrics-2026.04"), indices(es));
    try (ElasticsearchHistory daily =
        ElasticsearchHistory.create(
            es.settings().withIndexPrefix(prefix + "-d").withIndexPeriod(IndexLayout.Period.DAY))) {
      daily.prepare();
      daily.append(List.of(at(0, Metrics.ARRIVALS, 1), at(24 * 60, Metrics.ARRIVALS, 2)));
      assertEquals(
          List.of(prefix + "-d-metrics-2026.03.01", prefix + "-d-metrics-2026.03.02"),
          indices(daily));
      daily.dropAll();
    }
  }

  static List<String> indices(ElasticsearchHistory h) throws Exception {
    return h
        .client()
        .indices()
        .get(g -> g.index(h.layout().metricsPattern()))
        .result()
        .keySet()
        .stream()
        .sorted()
        .toList();
  }

  @Test
  void countsAreSummedAndGaugesAveragedOverAStepNotAlignedToTheEpoch() throws Exception {
    List<Sample> samples = new ArrayList<>();
    for (int m = 0; m < 20; m++) {
      samples.add(at(m, Metrics.ARRIVALS, m));
      samples.add(at(m, Metrics.QUEUED, m));
    }
    es.append(samples);
    es.refresh();
    // 5-minute steps starting at minute 2: [2..6], [7..11], [12..16], [17..19]
    assertArrayEquals(
        new double[] {20, 45, 70, 54},
        es.read(query(Metrics.ARRIVALS, 2, 22, Duration.ofMinutes(5))).values());
    assertArrayEquals(
        new double[] {4, 9, 14, 18},
        es.read(query(Metrics.QUEUED, 2, 22, Duration.ofMinutes(5))).values());
  }

  @Test
  void givesTheSameSeriesAsTheEmbeddedStore(@TempDir Path dir) throws Exception {
    List<Sample> samples = new ArrayList<>();
    for (int m = 0; m < 300; m += (m % 7 == 0 ? 3 : 1)) {
      samples.add(at(m, Metrics.ARRIVALS, (m * 37) % 11));
      samples.add(at(m, Metrics.WORKERS_BUSY, (m * 13) % 5));
    }
    es.append(samples);
    es.refresh();
    try (EmbeddedHistory embedded = EmbeddedHistory.open(dir, HistorySettings.DEFAULT)) {
      embedded.append(samples);
      for (String metric : List.of(Metrics.ARRIVALS, Metrics.WORKERS_BUSY)) {
        SeriesQuery q = query(metric, 1, 301, Duration.ofMinutes(10));
        assertEquals(embedded.read(q), es.read(q), metric);
      }
    }
  }

  @Test
  void readsRangesWiderThanOneSearchCanBucket() throws Exception {
    es.append(
        List.of(
            at(0, Metrics.ARRIVALS, 1),
            at(1000, Metrics.ARRIVALS, 2),
            at(1999, Metrics.ARRIVALS, 3)));
    es.refresh();
    Series s = es.read(query(Metrics.ARRIVALS, 0, 2000, Duration.ofSeconds(1))); // 120,000 steps
    assertEquals(120_000, s.size());
    assertEquals(1, s.valueAt(0));
    assertEquals(2, s.valueAt(60_000));
    assertEquals(3, s.valueAt(119_940));
    assertEquals(120_000 - 3, s.gaps());
  }

  @Test
  void readsAnotherPipelinesIndexByCountingDocumentsOrSummingAField() throws Exception {
    String index = es.layout().prefix() + "-access-2026.03.01";
    es.client()
        .indices()
        .create(
            c ->
                c.index(index)
                    .withJson(
                        new StringReader(
                            """
        {"mappings": {"properties": {"ts": {"type": "date"}, "app": {"type": "keyword"},
                                     "bytes": {"type": "long"}, "note": {"type": "text"}}}}""")));
    for (int i = 0; i < 5; i++) {
      String doc =
          "{\"ts\": \""
              + T0.plusSeconds(30L * i)
              + "\", \"app\": \"api\", \"bytes\": "
              + (i + 1)
              + "}";
      es.client().index(x -> x.index(index).withJson(new StringReader(doc)));
    }
    es.client().indices().refresh(r -> r.index(index));
    String pattern = es.layout().prefix() + "-access-*";
    ElasticsearchSettings counting =
        es.settings()
            .withSources(List.of(new ReadSource(Metrics.ARRIVALS, pattern, "ts", "app", "")));
    ElasticsearchSettings summing =
        es.settings()
            .withSources(List.of(new ReadSource(Metrics.ARRIVALS, pattern, "ts", "app", "bytes")));
    try (ElasticsearchHistory count = ElasticsearchHistory.create(counting);
        ElasticsearchHistory sum = ElasticsearchHistory.create(summing)) {
      count.prepare();
      sum.prepare();
      assertArrayEquals(
          new double[] {2, 2, 1}, count.read(query(Metrics.ARRIVALS, 0, 3, MINUTE)).values());
      assertArrayEquals(
          new double[] {3, 7, 5}, sum.read(query(Metrics.ARRIVALS, 0, 3, MINUTE)).values());
    }
    ElasticsearchSettings badField =
        es.settings()
            .withSources(List.of(new ReadSource(Metrics.ARRIVALS, pattern, "ts", "app", "note")));
    ElasticsearchSettings noIndex =
        es.settings()
            .withSources(
                List.of(new ReadSource(Metrics.ARRIVALS, "no-such-index-*", "ts", "app", "")));
    ElasticsearchSettings noField =
        es.settings()
            .withSources(List.of(new ReadSource(Metrics.ARRIVALS, pattern, "time", "app", "")));
    assertPrepareFails(
        badField, "history.elasticsearch.sources[0]", "'note'", "type text", "sum-field");
    assertPrepareFails(
        noIndex, "history.elasticsearch.sources[0]", "'no-such-index-*'", "matches no index");
    assertPrepareFails(noField, "'time'", "time-field", "does not exist");
    es.client().indices().delete(d -> d.index(index));
  }

  static void assertPrepareFails(ElasticsearchSettings settings, String... parts) {
    try (ElasticsearchHistory h = ElasticsearchHistory.create(settings)) {
      InvalidInputException e = assertThrows(InvalidInputException.class, h::prepare);
      for (String part : parts) {
        assertTrue(e.getMessage().contains(part), e.getMessage());
      }
    }
  }

  @Test
  void anUnreachableClusterIsAHistoryExceptionNamingTheUrl() throws Exception {
    ElasticsearchSettings dead = TestElasticsearch.deadSettings();
    try (ElasticsearchHistory h = ElasticsearchHistory.create(dead)) {
      HistoryException e = assertThrows(HistoryException.class, h::prepare);
      assertTrue(e.getMessage().contains(dead.url().toString()), e.getMessage());
      assertThrows(HistoryException.class, () -> h.append(List.of(at(0, Metrics.ARRIVALS, 1))));
    }
  }
}
