package io.yogurt.models;

import io.yogurt.models.TickReport.SourceStatus;

/**
 * A source that degrades quietly (it keeps answering from a fallback) and so must say itself
 * whether it is healthy; the loop puts its word into every tick report.
 */
public interface ReportsHealth {

  SourceStatus health();
}
