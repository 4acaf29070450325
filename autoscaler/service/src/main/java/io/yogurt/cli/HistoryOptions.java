package io.yogurt.cli;

import io.yogurt.autoscaler.Settings;
import io.yogurt.config.InvalidInputException;
import io.yogurt.history.HistorySettings;
import io.yogurt.history.HistoryStores;
import io.yogurt.history.ResilientHistory;
import io.yogurt.models.History;
import io.yogurt.models.HistoryException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.InstantSource;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of the {@code history} commands that pick and open the store. */
final class HistoryOptions {

  private final InstantSource clock;

  HistoryOptions(InstantSource clock) {
    this.clock = clock;
  }

  @Mixin CommonOptions common;

  @Option(
      names = "--backend",
      paramLabel = "embedded|elasticsearch",
      description = "Override history.backend from the config.")
  HistorySettings.Backend backend;

  @Option(
      names = "--es-url",
      paramLabel = "URL",
      description = "Override history.elasticsearch.url (implies --backend elasticsearch).")
  URI esUrl;

  /** The history settings: the config's {@code history} section, then these overrides. */
  HistorySettings settings() throws InvalidInputException {
    HistorySettings s = Settings.load(common.configFile()).history(); // every error at once
    if (esUrl != null) {
      s =
          s.withBackend(HistorySettings.Backend.ELASTICSEARCH)
              .withElasticsearch(s.elasticsearch().withUrl(esUrl));
    }
    if (backend != null) {
      s = s.withBackend(backend);
    }
    return s;
  }

  /** Opens the store; a remote that is down is reported on stderr, not fatal. */
  History open(HistorySettings settings, PrintWriter err)
      throws HistoryException, InvalidInputException {
    History h = HistoryStores.open(common.stateDir(), settings, clock);
    reportIfDegraded(h, err);
    return h;
  }

  static void reportIfDegraded(History h, PrintWriter err) throws HistoryException {
    if (h instanceof ResilientHistory r && !r.status().healthy()) {
      err.println("yogurt: warning: " + r.status().line());
    }
  }
}
