package io.yogurt.history.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import co.elastic.clients.elasticsearch.core.BulkRequest;
import io.yogurt.models.Metrics;
import io.yogurt.models.SeriesQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Bulk-loads broker statistics as the Logstash pipeline would, then reads them through Yogurt. */
@Tag("elasticsearch")
class LogstashPipelineElasticsearchTest {

  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  @Test
  void whatLogstashShipsReadsBackAsYogurtsSeries() throws Exception {
    LogstashPipeline pipeline = LogstashPipeline.read();
    ElasticsearchSettings settings = TestElasticsearch.settings();
    try (ElasticsearchHistory es = ElasticsearchHistory.create(settings)) {
      try {
        check(pipeline, settings, es);
      } finally {
        es.dropAll();
      }
    }
  }

  private static void check(
      LogstashPipeline pipeline, ElasticsearchSettings settings, ElasticsearchHistory es)
      throws Exception {
    es.prepare(); // Yogurt installs the template; the pipeline has manage_template => false
    List<Map<String, Object>> docs = pipeline.documents(LogstashPipeline.sampleLines());
    BulkRequest.Builder bulk = new BulkRequest.Builder();
    for (Map<String, Object> doc : docs) {
      // the conf writes to the default prefix; this test's indices have a prefix of their own
      String index = settings.indexPrefix() + pipeline.indexOf(doc).substring("yogurt".length());
      bulk.operations(op -> op.index(i -> i.index(index).id(pipeline.idOf(doc)).document(doc)));
    }
    assertFalse(es.client().bulk(bulk.build()).errors());
    es.refresh();
    Duration minute = Duration.ofMinutes(1);
    Instant end = T0.plus(Duration.ofMinutes(3));
    // counters: increases between lines, the broker restart at 00:01:30 counted from zero
    assertArrayEquals(
        new double[] {50, 54, Double.NaN},
        es.read(new SeriesQuery("echo", Metrics.ARRIVALS, T0, end, minute)).values());
    assertArrayEquals(
        new double[] {50, 54, Double.NaN},
        es.read(new SeriesQuery("echo", Metrics.COMPLETIONS, T0, end, minute)).values());
    // gauges: averaged over the step
    assertArrayEquals(
        new double[] {2.5, 8.5, Double.NaN},
        es.read(new SeriesQuery("echo", Metrics.QUEUED, T0, end, minute)).values());
    assertArrayEquals(
        new double[] {3, 3, Double.NaN},
        es.read(new SeriesQuery("echo", Metrics.WORKERS, T0, end, minute)).values());
    assertArrayEquals(
        new double[] {Double.NaN, 42, Double.NaN},
        es.read(new SeriesQuery("resize", Metrics.ARRIVALS, T0, end, minute)).values());
  }
}
