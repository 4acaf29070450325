package io.yogurt.history.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Maps (service, metric) to the small integer key the points table uses, with a cache. */
final class SeriesIds {

  private final Connection db;
  private final Map<String, Long> cache = new HashMap<>();

  SeriesIds(Connection db) {
    this.db = db;
  }

  /** The id of an existing series, or empty. */
  Optional<Long> find(String service, String metric) throws SQLException {
    String key = key(service, metric);
    Long id = cache.get(key);
    if (id != null) {
      return Optional.of(id);
    }
    try (PreparedStatement q =
        db.prepareStatement("SELECT id FROM series WHERE service = ? AND metric = ?")) {
      q.setString(1, service);
      q.setString(2, metric);
      try (ResultSet r = q.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        cache.put(key, r.getLong(1));
        return Optional.of(r.getLong(1));
      }
    }
  }

  /** The id of a series, created if new (inside the caller's transaction). */
  long idOf(String service, String metric) throws SQLException {
    Optional<Long> known = find(service, metric);
    if (known.isPresent()) {
      return known.get();
    }
    try (PreparedStatement q =
        db.prepareStatement(
            "INSERT INTO series(service, metric) VALUES(?, ?)", Statement.RETURN_GENERATED_KEYS)) {
      q.setString(1, service);
      q.setString(2, metric);
      q.executeUpdate();
      try (ResultSet keys = q.getGeneratedKeys()) {
        keys.next();
        long id = keys.getLong(1);
        cache.put(key(service, metric), id);
        return id;
      }
    }
  }

  /** Forgets ids a rolled-back transaction may have created. */
  void clear() {
    cache.clear();
  }

  private static String key(String service, String metric) {
    return service + '\u0000' + metric;
  }
}
