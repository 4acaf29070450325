package io.yogurt.history.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * Merges old points into wider buckets and deletes expired ones, inside the caller's transaction. A
 * bucket keeps sum, count and max, so every aggregation still reads right.
 */
final class Downsampler {

  private final Connection db;

  Downsampler(Connection db) {
    this.db = db;
  }

  /**
   * Merges every point narrower than {@code step} that starts before {@code cutoff} (rounded down
   * to a whole bucket, so only complete buckets are merged) into buckets {@code step} wide. A
   * bucket already there is merged too, so late arrivals are not lost. A bucket slot already
   * holding a wider bucket is left alone (a coarser tier merges those points).
   *
   * @return points merged away
   */
  long mergeOlderThan(Instant cutoff, Duration step) throws SQLException {
    long w = step.toMillis();
    long end = Math.floorDiv(cutoff.toEpochMilli(), w) * w;
    try (PreparedStatement merge =
            db.prepareStatement(
                "INSERT OR REPLACE INTO points(series, t, width, total, n, peak)"
                    + " SELECT series, b, ?1, SUM(total), SUM(n), MAX(peak) FROM"
                    + " (SELECT series, (t / ?1) * ?1 AS b, total, n, peak FROM points WHERE t < ?2 AND width <= ?1) AS x"
                    + " WHERE (series, b) IN"
                    + " (SELECT DISTINCT series, (t / ?1) * ?1 FROM points WHERE t < ?2 AND width < ?1)"
                    + " AND NOT EXISTS (SELECT 1 FROM points w WHERE w.series = x.series AND w.t = x.b AND w.width > ?1)"
                    + " GROUP BY series, b");
        PreparedStatement drop =
            db.prepareStatement(
                "DELETE FROM points WHERE t < ?2 AND width < ?1 AND t % ?1 != 0 AND EXISTS"
                    + " (SELECT 1 FROM points b WHERE b.series = points.series AND b.t = (points.t / ?1) * ?1"
                    + " AND b.width = ?1)")) {
      merge.setLong(1, w);
      merge.setLong(2, end);
      merge.executeUpdate();
      // Points on a bucket boundary were replaced by the bucket itself; the rest go now.
      drop.setLong(1, w);
      drop.setLong(2, end);
      return drop.executeUpdate();
    }
  }

  /** Deletes points that end before {@code cutoff}. */
  long expireOlderThan(Instant cutoff) throws SQLException {
    try (PreparedStatement q = db.prepareStatement("DELETE FROM points WHERE t + width <= ?")) {
      q.setLong(1, cutoff.toEpochMilli());
      return q.executeUpdate();
    }
  }
}
