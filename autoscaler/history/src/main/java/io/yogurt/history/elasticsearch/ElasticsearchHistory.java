package io.yogurt.history.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import io.yogurt.config.InvalidInputException;
import io.yogurt.history.KnownServices;
import io.yogurt.history.StepAggregator;
import io.yogurt.history.elasticsearch.ElasticsearchSettings.ReadSource;
import io.yogurt.models.History;
import io.yogurt.models.HistoryException;
import io.yogurt.models.Metrics;
import io.yogurt.models.Sample;
import io.yogurt.models.Series;
import io.yogurt.models.SeriesQuery;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * History in Elasticsearch, laid out as {@link IndexLayout} says. Appends are bulk index requests
 * with ids made of service, metric and instant, so a sample sent twice is stored once. Reads are a
 * {@code date_histogram} with one bucket per step, folded by the same {@link StepAggregator} as the
 * embedded store, so both backends give the same series for the same samples.
 *
 * <p>Creating one does no I/O; {@link #prepare()} checks the server and the configured read sources
 * and installs the index templates.
 */
public final class ElasticsearchHistory implements History, KnownServices {

  /** Elasticsearch refuses more than 65,536 buckets per search by default; stay well below. */
  private static final int MAX_STEPS_PER_SEARCH = 50_000;

  /** Only what the read uses: not the hits, not the keys as strings. */
  private static final String RESPONSE_FIELDS =
      "took,timed_out,_shards,hits,aggregations.*.buckets.key,aggregations.*.buckets.doc_count,"
          + "aggregations.*.buckets.*.value";

  private final ElasticsearchSettings settings;
  private final IndexLayout layout;
  private final ElasticsearchClient client;
  private final ElasticsearchClient reader;

  private ElasticsearchHistory(ElasticsearchSettings settings, ElasticsearchClient client) {
    this.settings = settings;
    this.layout = settings.layout();
    this.client = client;
    this.reader = client.withTransportOptions(o -> o.setParameter("filter_path", RESPONSE_FIELDS));
  }

  /** A client for the configured cluster; nothing is sent yet. */
  public static ElasticsearchHistory create(ElasticsearchSettings settings) {
    return new ElasticsearchHistory(settings, EsClients.create(settings));
  }

  public IndexLayout layout() {
    return layout;
  }

  public ElasticsearchSettings settings() {
    return settings;
  }

  /**
   * Checks that the cluster answers, installs the index templates and checks every read source.
   *
   * @throws HistoryException the cluster cannot be reached or refused (may pass)
   * @throws InvalidInputException a configured index or field is missing or has the wrong type
   */
  public void prepare() throws HistoryException, InvalidInputException {
    call("reach the cluster", () -> client.cluster().health(h -> h.timeout(t -> t.time("1s"))));
    call(
        "install index template " + layout.metricsTemplate(),
        () -> Templates.install(client, layout, settings.replicas()));
    for (int i = 0; i < settings.sources().size(); i++) {
      int index = i;
      SourceCheck.Result r =
          call(
              "check read source " + settings.sources().get(i).index(),
              () -> SourceCheck.check(client, settings.sources().get(index)));
      if (!r.ok()) {
        throw new InvalidInputException("history.elasticsearch.sources[" + i + "]: " + r.problem());
      }
    }
  }

  @Override
  public void append(List<Sample> samples) throws HistoryException {
    for (int from = 0; from < samples.size(); from += settings.bulkSize()) {
      List<Sample> chunk =
          samples.subList(from, Math.min(samples.size(), from + settings.bulkSize()));
      BulkRequest.Builder bulk = new BulkRequest.Builder();
      int operations = 0;
      for (Sample s : chunk) {
        if (!Double.isFinite(s.value())) {
          continue; // NaN is "no data": a gap is the absence of a document
        }
        Map<String, Object> doc = document(s);
        bulk.operations(
            op ->
                op.index(
                    i ->
                        i.index(layout.metricsIndex(s.at()))
                            .id(IndexLayout.documentId(s))
                            .document(doc)));
        operations++;
      }
      if (operations > 0) {
        BulkResponse response =
            call("bulk-index " + operations + " samples", () -> client.bulk(bulk.build()));
        if (response.errors()) {
          throw new HistoryException(describeFailure(response));
        }
      }
    }
  }

  private static Map<String, Object> document(Sample s) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put(IndexLayout.TIMESTAMP, s.at().toString());
    doc.put(IndexLayout.SERVICE, s.service());
    doc.put(IndexLayout.METRIC, s.metric());
    doc.put(IndexLayout.VALUE, s.value());
    return doc;
  }

  private String describeFailure(BulkResponse response) {
    long failed = response.items().stream().filter(i -> i.error() != null).count();
    BulkResponseItem first =
        response.items().stream().filter(i -> i.error() != null).findFirst().orElseThrow();
    return "Elasticsearch at "
        + settings.url()
        + " refused "
        + failed
        + " of "
        + response.items().size()
        + " samples; first: index "
        + first.index()
        + ": "
        + first.error().type()
        + ": "
        + first.error().reason();
  }

  @Override
  public Series read(SeriesQuery query) throws HistoryException {
    StepAggregator steps = new StepAggregator(query);
    ReadSource source = settings.sourceFor(query.metric()).orElse(null);
    long step = query.step().toMillis();
    long from = query.from().toEpochMilli();
    long to = query.to().toEpochMilli();
    for (long chunkFrom = from; chunkFrom < to; chunkFrom += step * MAX_STEPS_PER_SEARCH) {
      long chunkTo = Math.min(to, chunkFrom + step * MAX_STEPS_PER_SEARCH);
      if (source == null) {
        readOwn(query, chunkFrom, chunkTo, steps);
      } else {
        readSource(source, query, chunkFrom, chunkTo, steps);
      }
    }
    return steps.result();
  }

  private void readOwn(SeriesQuery q, long from, long to, StepAggregator steps)
      throws HistoryException {
    Query filter =
        filter(
            IndexLayout.TIMESTAMP,
            IndexLayout.SERVICE,
            q.service(),
            from,
            to,
            Query.of(
                m -> m.term(t -> t.field(IndexLayout.METRIC).value(FieldValue.of(q.metric())))));
    // One document is one sample, so doc_count is the sample count: only the sum (or the max)
    // is needed per step, which keeps a 43,200-step answer small.
    boolean max = Metrics.aggregationOf(q.metric()) == Metrics.Aggregation.MAX;
    Aggregation perStep =
        max
            ? Aggregation.of(a -> a.max(m -> m.field(IndexLayout.VALUE)))
            : Aggregation.of(a -> a.sum(m -> m.field(IndexLayout.VALUE)));
    for (DateHistogramBucket b :
        histogram(layout.metricsPattern(), IndexLayout.TIMESTAMP, filter, q, from, perStep)) {
      Aggregate v = b.aggregations().get("v");
      double value = max ? v.max().value() : v.sum().value();
      steps.addBucket(b.key(), 0, value, b.docCount(), value);
    }
  }

  private void readSource(ReadSource src, SeriesQuery q, long from, long to, StepAggregator steps)
      throws HistoryException {
    Query filter = filter(src.timeField(), src.serviceField(), q.service(), from, to, null);
    Aggregation sum =
        src.countsDocuments() ? null : Aggregation.of(a -> a.sum(s -> s.field(src.sumField())));
    for (DateHistogramBucket b : histogram(src.index(), src.timeField(), filter, q, from, sum)) {
      double v = src.countsDocuments() ? b.docCount() : b.aggregations().get("v").sum().value();
      if (b.docCount() > 0) {
        steps.addBucket(b.key(), 0, v, 1, v); // one value per step already
      }
    }
  }

  /** Enough for any fleet Yogurt watches; a terms aggregation needs a bound. */
  private static final int MAX_SERVICES = 1_000;

  @Override
  public List<String> services(String metric, Instant from, Instant to) throws HistoryException {
    ReadSource source = settings.sourceFor(metric).orElse(null);
    String index = source == null ? layout.metricsPattern() : source.index();
    String timeField = source == null ? IndexLayout.TIMESTAMP : source.timeField();
    String serviceField = source == null ? IndexLayout.SERVICE : source.serviceField();
    Query query =
        Query.of(
            q ->
                q.bool(
                    b -> {
                      b.filter(
                          f ->
                              f.range(
                                  r ->
                                      r.date(
                                          d ->
                                              d.field(timeField)
                                                  .gte(from.toString())
                                                  .lt(to.toString()))));
                      if (source == null) {
                        b.filter(
                            f ->
                                f.term(
                                    t -> t.field(IndexLayout.METRIC).value(FieldValue.of(metric))));
                      }
                      return b;
                    }));
    SearchResponse<Void> response =
        call(
            "list the services in " + index,
            () ->
                client.search(
                    s ->
                        s.index(index)
                            .size(0)
                            .ignoreUnavailable(true)
                            .allowNoIndices(true)
                            .query(query)
                            .aggregations(
                                "services",
                                a -> a.terms(t -> t.field(serviceField).size(MAX_SERVICES))),
                    Void.class));
    Aggregate services =
        response.aggregations() == null ? null : response.aggregations().get("services");
    List<String> names = new ArrayList<>();
    if (services != null) {
      services.sterms().buckets().array().forEach(b -> names.add(b.key().stringValue()));
    }
    names.sort(null);
    return names;
  }

  private static Query filter(
      String timeField, String serviceField, String service, long from, long to, Query extra) {
    return Query.of(
        q ->
            q.bool(
                b -> {
                  b.filter(f -> f.term(t -> t.field(serviceField).value(FieldValue.of(service))));
                  b.filter(
                      f ->
                          f.range(
                              r ->
                                  r.date(
                                      d ->
                                          d.field(timeField)
                                              .gte(Instant.ofEpochMilli(from).toString())
                                              .lt(Instant.ofEpochMilli(to).toString()))));
                  if (extra != null) {
                    b.filter(extra);
                  }
                  return b;
                }));
  }

  private List<DateHistogramBucket> histogram(
      String index, String timeField, Query filter, SeriesQuery q, long from, Aggregation perStep)
      throws HistoryException {
    long step = q.step().toMillis();
    long offset = Math.floorMod(from, step); // buckets start at `from`, not at the epoch
    SearchResponse<Void> response =
        call(
            "read " + q.service() + "/" + q.metric() + " from " + index,
            () ->
                reader.search(
                    s ->
                        s.index(index)
                            .size(0)
                            .ignoreUnavailable(true)
                            .allowNoIndices(true)
                            .query(filter)
                            .aggregations(
                                "steps",
                                a -> {
                                  var h =
                                      a.dateHistogram(
                                          d ->
                                              d.field(timeField)
                                                  .fixedInterval(t -> t.time(step + "ms"))
                                                  .offset(t -> t.time(offset + "ms"))
                                                  .minDocCount(1));
                                  return perStep == null ? h : h.aggregations("v", perStep);
                                }),
                    Void.class));
    Aggregate steps = response.aggregations() == null ? null : response.aggregations().get("steps");
    return steps == null ? List.of() : steps.dateHistogram().buckets().array();
  }

  /** Makes appended samples visible to reads now rather than within a second (tests, imports). */
  public void refresh() throws HistoryException {
    call(
        "refresh",
        () -> client.indices().refresh(r -> r.index(layout.metricsPattern()).allowNoIndices(true)));
  }

  /** Deletes Yogurt's metrics indices and templates for this prefix (tests, `history` resets). */
  public void dropAll() throws HistoryException {
    call(
        "delete " + layout.metricsPattern(),
        () ->
            client
                .indices()
                .delete(
                    d ->
                        d.index(layout.metricsPattern(), layout.eventsPattern())
                            .allowNoIndices(true)
                            .ignoreUnavailable(true)));
    call("delete templates", () -> Templates.remove(client, layout));
  }

  /** The raw client, for the few tests and tools that must see the documents themselves. */
  public ElasticsearchClient client() {
    return client;
  }

  @Override
  public void close() {
    try {
      client._transport().close();
    } catch (IOException ignored) {
      // closing sockets to a server that is gone: nothing left to do
    }
  }

  <T> T call(String what, Call<T> call) throws HistoryException {
    try {
      return call.run();
    } catch (ElasticsearchException e) {
      throw new HistoryException(
          "Elasticsearch at "
              + settings.url()
              + " refused to "
              + what
              + ": "
              + e.error().type()
              + ": "
              + e.error().reason(),
          e);
    } catch (IOException | RuntimeException e) {
      throw new HistoryException(
          "Elasticsearch at "
              + settings.url()
              + " (history.elasticsearch.url): cannot "
              + what
              + ": "
              + describe(e),
          e);
    }
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return root.getClass().getSimpleName() + ": " + message;
  }

  /** One request to the cluster. */
  @FunctionalInterface
  interface Call<T> {
    T run() throws IOException;
  }
}
