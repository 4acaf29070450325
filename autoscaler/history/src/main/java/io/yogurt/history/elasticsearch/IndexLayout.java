package io.yogurt.history.elasticsearch;

import io.yogurt.models.Sample;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How Yogurt's samples sit in Elasticsearch: monthly indices {@code <prefix>-metrics-yyyy.MM} (or
 * daily, {@code <prefix>-metrics-yyyy.MM.dd}; UTC) of documents {@code {@timestamp, service,
 * metric, value, broker}}, one per service, metric and instant. The document id is made of those
 * three, so re-sending a sample replaces it.
 */
public record IndexLayout(String prefix, Period period) {

  /** How much time one index holds. */
  public enum Period {
    DAY("yyyy.MM.dd"),
    MONTH("yyyy.MM");

    private final DateTimeFormatter format;

    Period(String pattern) {
      this.format = DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC);
    }
  }

  /** Document field names, shared with the Logstash pipeline (config/logstash/yogurt.conf). */
  public static final String TIMESTAMP = "@timestamp";

  public static final String SERVICE = "service";
  public static final String METRIC = "metric";
  public static final String VALUE = "value";
  public static final String BROKER = "broker";

  /** The index a sample at {@code at} goes to. */
  public String metricsIndex(Instant at) {
    return prefix + "-metrics-" + period.format.format(at);
  }

  /** The pattern that covers every metrics index (reads, the template). */
  public String metricsPattern() {
    return prefix + "-metrics-*";
  }

  public String metricsTemplate() {
    return prefix + "-metrics";
  }

  /** Tick events go to daily indices whatever the samples' period: they are read by day. */
  public String eventsIndex(Instant at) {
    return prefix + "-events-" + Period.DAY.format.format(at);
  }

  public String eventsPattern() {
    return prefix + "-events-*";
  }

  public String eventsTemplate() {
    return prefix + "-events";
  }

  /** Same service, metric and instant, same id: a repeat overwrites rather than duplicates. */
  public static String documentId(Sample s) {
    return s.service() + "|" + s.metric() + "|" + s.at().toEpochMilli();
  }
}
