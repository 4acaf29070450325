package io.yogurt.history;

import io.yogurt.history.embedded.EmbeddedHistory;
import io.yogurt.models.History;
import io.yogurt.models.HistoryException;
import io.yogurt.models.Sample;
import io.yogurt.models.Series;
import io.yogurt.models.SeriesQuery;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A stateful stand-in for a remote history that can be switched off: while down every call fails as
 * a lost connection would. It counts deliveries per sample to detect duplicates.
 */
final class SwitchableHistory implements History {

  private final EmbeddedHistory store;
  final Map<String, Integer> deliveries = new HashMap<>();
  boolean up = true;
  int prepared;

  SwitchableHistory(Path dir) throws HistoryException {
    this.store = EmbeddedHistory.open(dir, HistorySettings.DEFAULT);
  }

  void prepare() throws HistoryException {
    check();
    prepared++;
  }

  @Override
  public void append(List<Sample> samples) throws HistoryException {
    check();
    store.append(samples);
    for (Sample s : samples) {
      deliveries.merge(s.service() + "|" + s.metric() + "|" + s.at(), 1, Integer::sum);
    }
  }

  @Override
  public Series read(SeriesQuery query) throws HistoryException {
    check();
    return store.read(query);
  }

  private void check() throws HistoryException {
    if (!up) {
      throw new HistoryException("remote: connection refused");
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
