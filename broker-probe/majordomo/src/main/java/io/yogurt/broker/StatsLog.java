package io.yogurt.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one JSON line per active service every stats interval, for Logstash to ship. A write
 * failure is logged once and never stops the broker.
 */
final class StatsLog {

  private static final Logger log = LoggerFactory.getLogger(StatsLog.class);

  private final Path file;
  private final long intervalMillis;
  private final String endpoint;
  private Instant next;
  private boolean warned;

  StatsLog(Path file, long intervalMillis, String endpoint, Instant now) {
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
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      try (OutputStream o =
          Files.newOutputStream(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND,
              StandardOpenOption.WRITE)) {
        o.write(lines.toString().getBytes(StandardCharsets.UTF_8));
      }
      warned = false;
    } catch (IOException e) {
      if (!warned) {
        log.warn("cannot write broker stats to {}: {}", file, e.toString());
        warned = true;
      }
    }
  }
}
