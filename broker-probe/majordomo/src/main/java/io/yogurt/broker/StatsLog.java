package io.yogurt.broker;

import io.yogurt.config.files.RotatingFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one JSON line per active service every stats interval, for Logstash to ship; the file
 * rotates by size or by day ({@code logs:}). A write failure is logged once and never stops the
 * broker.
 */
final class StatsLog {

  private static final Logger log = LoggerFactory.getLogger(StatsLog.class);

  private final RotatingFile file;
  private final long intervalMillis;
  private final String endpoint;
  private Instant next;
  private boolean warned;

  StatsLog(RotatingFile file, long intervalMillis, String endpoint, Instant now) {
    this.file = file;
    this.intervalMillis = intervalMillis;
    this.endpoint = endpoint;
    this.next = now.plusMillis(intervalMillis);
  }

  long millisUntilDue(Instant now) {
    return Math.max(0, next.toEpochMilli() - now.toEpochMilli());
  }

  void maybeWrite(BrokerEngine engine, Instant now) {
    if (now.isBefore(next)) {
      return;
    }
    next = now.plusMillis(intervalMillis);
    StringBuilder lines = new StringBuilder();
    for (ServiceState s : engine.services.values()) {
      if (!s.active() && s.arrived == 0) {
        continue;
      }
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("@timestamp", now.toString());
      line.put("broker", endpoint);
      line.putAll(Management.serviceStats(s, now));
      lines.append(new String(Management.json(line), StandardCharsets.UTF_8)).append('\n');
    }
    if (lines.length() == 0) {
      return;
    }
    try {
      file.append(lines.toString(), now);
      warned = false;
    } catch (IOException e) {
      if (!warned) {
        log.warn("cannot write broker stats to {}: {}", file.path(), e.toString());
        warned = true;
      }
    }
  }
}
