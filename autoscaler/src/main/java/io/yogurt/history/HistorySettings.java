package io.yogurt.history;

import io.yogurt.config.ConfigSection;
import io.yogurt.history.embedded.EmbeddedSettings;
import java.util.List;

/**
 * The {@code history:} section: which backend keeps the traffic history, and each backend's
 * settings.
 */
public record HistorySettings(Backend backend, EmbeddedSettings embedded) {

  /** Where history is kept. */
  public enum Backend {
    EMBEDDED,
    ELASTICSEARCH
  }

  public static final HistorySettings DEFAULT = new HistorySettings(Backend.EMBEDDED, EmbeddedSettings.DEFAULT);

  public static HistorySettings from(ConfigSection s) {
    String backend = s.choice("backend", "embedded", List.of("embedded", "elasticsearch"));
    EmbeddedSettings embedded = EmbeddedSettings.from(s.section("embedded"));
    return new HistorySettings(
        backend.equals("elasticsearch") ? Backend.ELASTICSEARCH : Backend.EMBEDDED, embedded);
  }
}
