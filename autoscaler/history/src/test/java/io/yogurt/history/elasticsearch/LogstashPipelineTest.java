package io.yogurt.history.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.yogurt.models.Metrics;
import io.yogurt.models.Sample;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Logstash pipeline writes the layout {@link ElasticsearchHistory} reads. */
class LogstashPipelineTest {

  @Test
  void indexAndIdAreTheOnesYogurtUses() throws Exception {
    LogstashPipeline p = LogstashPipeline.read();
    IndexLayout layout = ElasticsearchSettings.DEFAULT.layout();
    for (String at : List.of("2026-03-01T00:00:10Z", "2026-12-31T23:59:59.999Z")) {
      Map<String, Object> doc =
          Map.of("@timestamp", at, "service", "echo", "metric", Metrics.QUEUED);
      Sample same = new Sample("echo", Metrics.QUEUED, Instant.parse(at), 1);
      assertEquals(layout.metricsIndex(same.at()), p.indexOf(doc));
      assertEquals(IndexLayout.documentId(same), p.idOf(doc));
    }
  }

  @Test
  void countersBecomeSummedMetricsAndGaugesAveragedOnes() throws Exception {
    LogstashPipeline p = LogstashPipeline.read();
    Set<String> known =
        Set.of(
            Metrics.ARRIVALS,
            Metrics.COMPLETIONS,
            Metrics.QUEUED,
            Metrics.WORKERS,
            Metrics.WORKERS_BUSY);
    p.counters()
        .values()
        .forEach(
            m -> {
              assertTrue(known.contains(m), m);
              assertEquals(Metrics.Aggregation.SUM, Metrics.aggregationOf(m), m);
            });
    p.gauges()
        .values()
        .forEach(
            m -> {
              assertTrue(known.contains(m), m);
              assertEquals(Metrics.Aggregation.MEAN, Metrics.aggregationOf(m), m);
            });
    Set<String> all = new HashSet<>(p.counters().values());
    all.addAll(p.gauges().values());
    assertEquals(known, all, "every metric Yogurt records is shipped");
  }

  @Test
  void readsFieldsTheBrokerWritesAndKeepsOnlyTheSampleFields() throws Exception {
    LogstashPipeline p = LogstashPipeline.read();
    JsonNode line = LogstashPipeline.sampleLines().get(0);
    Set<String> mapped = new HashSet<>(p.gauges().keySet());
    mapped.addAll(p.counters().keySet());
    for (String field : mapped) {
      assertTrue(line.has(field), "the broker writes no field " + field);
      assertTrue(p.removed().contains(field), field + " is left on the sample documents");
    }
    line.fieldNames()
        .forEachRemaining(
            f -> {
              if (!Set.of("@timestamp", "broker", "service").contains(f)) {
                assertTrue(p.removed().contains(f), f + " is left on the sample documents");
              }
            });
    assertFalse(p.removed().contains("service"));
  }
}
