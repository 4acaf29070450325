package io.yogurt.history.elasticsearch;

import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import io.yogurt.models.HistoryException;
import io.yogurt.models.Reason;
import io.yogurt.models.TickListener;
import io.yogurt.models.TickReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores each tick's report in {@code <prefix>-events-yyyy.MM.dd}: one document per pool, id {@code
 * <pool>|<epoch millis>}, so a repeated write replaces. Events are for people reading dashboards;
 * unlike samples they are best effort: when Elasticsearch is away they are dropped, logged once per
 * outage, and the loop is never held up beyond the request timeout.
 */
public final class ElasticsearchTickEvents implements TickListener {

  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchTickEvents.class);

  private final ElasticsearchHistory history;
  private boolean failing;

  /**
   * Writes through {@code history}'s client and layout; its {@code prepare()} installs the
   * template.
   */
  public ElasticsearchTickEvents(ElasticsearchHistory history) {
    this.history = history;
  }

  @Override
  public synchronized void onTick(TickReport report) {
    if (report.pools().isEmpty()) {
      return;
    }
    BulkRequest.Builder bulk = new BulkRequest.Builder();
    String index = history.layout().eventsIndex(report.at());
    for (TickReport.PoolTick pool : report.pools()) {
      Map<String, Object> doc = document(report, pool);
      String id = pool.pool() + "|" + report.at().toEpochMilli();
      bulk.operations(op -> op.index(i -> i.index(index).id(id).document(doc)));
    }
    try {
      BulkResponse response =
          history.call("store tick events", () -> history.client().bulk(bulk.build()));
      if (response.errors()) {
        throw new HistoryException(
            "Elasticsearch refused tick events: "
                + response.items().stream()
                    .filter(i -> i.error() != null)
                    .findFirst()
                    .map(i -> i.error().reason())
                    .orElse("?"));
      }
      if (failing) {
        LOG.info("tick events: storing again in {}", index);
      }
      failing = false;
    } catch (HistoryException e) {
      if (!failing) {
        LOG.warn("tick events: not stored until Elasticsearch answers again ({})", e.getMessage());
      }
      failing = true;
    }
  }

  static Map<String, Object> document(TickReport report, TickReport.PoolTick pool) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("@timestamp", report.at().toString());
    doc.put("kind", "tick");
    doc.put("pool", pool.pool());
    doc.put("service", pool.service());
    doc.put("instances", pool.instances());
    doc.put("queued", pool.queued());
    doc.put("arrivals_per_second", pool.arrivalsPerSecond());
    doc.put("workers_live", pool.workersLive());
    doc.put("workers_busy", pool.workersBusy());
    if (pool.decision() != null) {
      doc.put("current", pool.decision().current());
      doc.put("desired", pool.decision().desired());
      doc.put("reason", pool.decision().why());
      doc.put(
          "reason_codes",
          pool.decision().reasons().stream().map(Reason::code).map(Enum::name).toList());
    }
    doc.put("actions", pool.actionsTaken());
    doc.put("errors", pool.errors());
    List<String> down =
        report.sources().stream().filter(s -> !s.ok()).map(TickReport.SourceStatus::name).toList();
    doc.put("sources_down", down);
    return doc;
  }
}
