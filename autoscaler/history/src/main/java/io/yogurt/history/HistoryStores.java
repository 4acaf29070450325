package io.yogurt.history;

import io.yogurt.config.InvalidInputException;
import io.yogurt.history.elasticsearch.ElasticsearchHistory;
import io.yogurt.history.elasticsearch.ElasticsearchSettings;
import io.yogurt.history.embedded.EmbeddedHistory;
import io.yogurt.models.History;
import io.yogurt.models.HistoryException;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * Opens the history the settings ask for: the embedded store, or Elasticsearch behind its outbox.
 */
public final class HistoryStores {

  private HistoryStores() {}

  /**
   * Opens the configured history. With Elasticsearch, an unreachable cluster is not fatal (the
   * result runs on the embedded store and says so in {@link ResilientHistory#status()}), but a read
   * source whose index or fields are wrong is: it fails now, naming the key.
   *
   * @throws InvalidInputException a configured Elasticsearch index or field is wrong
   * @throws HistoryException the embedded store cannot be opened
   */
  public static History open(Path stateDir, HistorySettings settings, InstantSource clock)
      throws HistoryException, InvalidInputException {
    EmbeddedHistory local = EmbeddedHistory.open(stateDir, settings);
    if (settings.backend() == HistorySettings.Backend.EMBEDDED) {
      return local;
    }
    ElasticsearchSettings es = settings.elasticsearch();
    ElasticsearchHistory remote = ElasticsearchHistory.create(es);
    ResilientHistory history =
        new ResilientHistory(
            local,
            remote,
            remote::prepare,
            "Elasticsearch at " + es.url(),
            clock,
            es.retryEvery(),
            es.bulkSize());
    try {
      history.start(); // wrong indices or fields: say so at start-up, not at night
    } catch (InvalidInputException e) {
      history.close();
      throw e;
    }
    return history;
  }
}
