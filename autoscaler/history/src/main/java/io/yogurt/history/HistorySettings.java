package io.yogurt.history;

import io.yogurt.config.ConfigSection;
import io.yogurt.history.elasticsearch.ElasticsearchSettings;
import io.yogurt.history.embedded.EmbeddedSettings;
import java.util.List;

/**
 * The {@code history:} section: which backend keeps the traffic history, and each backend's
 * settings.
 */
public record HistorySettings(
    Backend backend, EmbeddedSettings embedded, ElasticsearchSettings elasticsearch) {

  /** Where history is kept. */
  public enum Backend {
    EMBEDDED,
    ELASTICSEARCH
  }

  public static final HistorySettings DEFAULT =
      new HistorySettings(
          Backend.EMBEDDED, EmbeddedSettings.DEFAULT, ElasticsearchSettings.DEFAULT);

  /** Settings with the default Elasticsearch section (kept for callers that predate it). */
  public HistorySettings(Backend backend, EmbeddedSettings embedded) {
    this(backend, embedded, ElasticsearchSettings.DEFAULT);
  }

  public static HistorySettings from(ConfigSection s) {
    String backend = s.choice("backend", "embedded", List.of("embedded", "elasticsearch"));
    EmbeddedSettings embedded = EmbeddedSettings.from(s.section("embedded"));
    ElasticsearchSettings elasticsearch = ElasticsearchSettings.from(s.section("elasticsearch"));
    return new HistorySettings(
        backend.equals("elasticsearch") ? Backend.ELASTICSEARCH : Backend.EMBEDDED,
        embedded,
        elasticsearch);
  }

  /** This settings with another backend (the CLI's --backend). */
  public HistorySettings withBackend(Backend other) {
    return new HistorySettings(other, embedded, elasticsearch);
  }

  /** This settings with another Elasticsearch section. */
  public HistorySettings withElasticsearch(ElasticsearchSettings other) {
    return new HistorySettings(backend, embedded, other);
  }
}
