package io.yogurt.history;

import io.yogurt.models.HistoryException;
import java.time.Instant;
import java.util.List;

/**
 * A history that can say which services it holds, so a command can pick one or list the choices.
 */
public interface KnownServices {

  /** The services with samples of {@code metric} in [from, to), sorted by name. */
  List<String> services(String metric, Instant from, Instant to) throws HistoryException;
}
