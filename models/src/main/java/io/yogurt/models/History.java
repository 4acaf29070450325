package io.yogurt.models;

import java.util.List;

/**
 * Where traffic history is kept: an embedded store by default, Elasticsearch at scale.
 * Implementations are safe to call from several threads.
 */
public interface History extends AutoCloseable {

  /**
   * Appends samples. Appending a sample already stored (same service, metric, instant) replaces it.
   */
  void append(List<Sample> samples) throws HistoryException;

  /**
   * Reads a regular series; steps without samples are gaps (NaN). Samples inside a step are
   * aggregated as {@link Metrics#aggregationOf(String)} says.
   */
  Series read(SeriesQuery query) throws HistoryException;

  @Override
  default void close() {}
}
