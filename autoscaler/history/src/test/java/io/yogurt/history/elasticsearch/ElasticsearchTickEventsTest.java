package io.yogurt.history.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import co.elastic.clients.elasticsearch.core.GetResponse;
import io.yogurt.models.Action;
import io.yogurt.models.ActionResult;
import io.yogurt.models.Decision;
import io.yogurt.models.PolicyMemory;
import io.yogurt.models.Reason;
import io.yogurt.models.ReasonCode;
import io.yogurt.models.TickReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("elasticsearch")
class ElasticsearchTickEventsTest {

  static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

  static TickReport report() {
    Decision decision =
        new Decision(
            "echo-pool",
            2,
            4,
            List.of(new Reason(ReasonCode.SCALE_UP_FORECAST, "forecast needs 4")),
            List.of(),
            PolicyMemory.EMPTY);
    TickReport.PoolTick pool =
        new TickReport.PoolTick(
            "echo-pool",
            "echo",
            12,
            3.5,
            Double.NaN,
            2,
            2,
            2,
            decision,
            List.of(
                ActionResult.done(
                    new Action.Launch("echo-pool", 2, "k", decision.reasons().get(0)),
                    List.of("echo-pool-a", "echo-pool-b"),
                    "")),
            List.of(),
            List.of());
    return new TickReport(
        AT,
        Duration.ofMillis(40),
        List.of(pool),
        List.of(new TickReport.SourceStatus("history", false, "Elasticsearch down")));
  }

  @Test
  void storesOneDocumentPerPoolAndTickIdempotently() throws Exception {
    try (ElasticsearchHistory es = ElasticsearchHistory.create(TestElasticsearch.settings())) {
      try {
        es.prepare();
        ElasticsearchTickEvents events = new ElasticsearchTickEvents(es);
        events.onTick(report());
        events.onTick(report());
        String index = es.layout().eventsIndex(AT);
        es.client().indices().refresh(r -> r.index(index));
        assertEquals(1, es.client().count(c -> c.index(index)).count());
        @SuppressWarnings({"unchecked", "rawtypes"})
        GetResponse<Map> doc =
            es.client().get(g -> g.index(index).id("echo-pool|" + AT.toEpochMilli()), Map.class);
        assertEquals(4, doc.source().get("desired"));
        assertEquals(List.of("SCALE_UP_FORECAST"), doc.source().get("reason_codes"));
        assertEquals(List.of("history"), doc.source().get("sources_down"));
      } finally {
        es.dropAll();
      }
    }
  }

  @Test
  void anUnreachableClusterDoesNotStopTheLoop() throws Exception {
    try (ElasticsearchHistory dead =
        ElasticsearchHistory.create(TestElasticsearch.deadSettings())) {
      assertDoesNotThrow(() -> new ElasticsearchTickEvents(dead).onTick(report()));
    }
  }
}
