package io.yogurt.autoscaler.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.yogurt.config.files.RotatingFile;
import io.yogurt.config.files.Rotation;
import io.yogurt.models.ReasonCode;
import io.yogurt.models.TickListener;
import io.yogurt.models.TickReport;
import io.yogurt.models.TickReport.PoolTick;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every tick report as one JSON line in {@code events/ticks-YYYY-MM-DD.jsonl} under the state
 * directory (a file per UTC day, the oldest removed after {@code keepDays}; a day's file that grows
 * past {@code logs.max-bytes} rolls over to {@code .1}, {@code .2}, ...), so that what the loop saw
 * and did can be read back after the fact, or shipped by Logstash. A write that fails (a full disk)
 * is reported once per failing spell and never stops the loop.
 */
public final class TickEvents implements TickListener {

  private static final Logger log = LoggerFactory.getLogger(TickEvents.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final int keepDays;
  private final Rotation rotation;
  private LocalDate currentDay;
  private RotatingFile file;
  private boolean failing;

  public TickEvents(Path stateDir, int keepDays) throws IOException {
    this(stateDir, keepDays, Rotation.DEFAULT);
  }

  public TickEvents(Path stateDir, int keepDays, Rotation rotation) throws IOException {
    this.dir = Files.createDirectories(stateDir.resolve("events"));
    this.keepDays = keepDays;
    this.rotation = new Rotation(rotation.maxBytes(), false, rotation.keep());
  }

  @Override
  public synchronized void onTick(TickReport report) {
    LocalDate day = LocalDate.ofInstant(report.at(), ZoneOffset.UTC);
    try {
      if (!day.equals(currentDay)) {
        currentDay = day;
        file = new RotatingFile(dir.resolve("ticks-" + day + ".jsonl"), rotation);
        removeOlderThan(day.minusDays(keepDays));
      }
      file.append(JSON.writeValueAsString(event(report)) + "\n", report.at());
      if (failing) {
        log.info("tick events are written again to {}", dir);
        failing = false;
      }
    } catch (IOException e) {
      // Losing an event must not stop the loop; the log line of the tick still exists.
      if (!failing) {
        log.warn(
            "{}: cannot write the tick events to {}: {}; will keep trying",
            ReasonCode.STORAGE_FAILING,
            dir,
            e.getMessage());
        failing = true;
      }
    }
  }

  static Map<String, Object> event(TickReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("@timestamp", r.at().toString());
    m.put("took_ms", r.took().toNanos() / 1e6);
    m.put("pools", r.pools().stream().map(TickEvents::pool).toList());
    m.put(
        "sources",
        r.sources().stream()
            .map(s -> Map.of("name", s.name(), "ok", s.ok(), "detail", s.detail()))
            .toList());
    return m;
  }

  private static Map<String, Object> pool(PoolTick p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pool", p.pool());
    m.put("service", p.service());
    m.put("queued", p.queued());
    m.put("arrivals_per_s", p.arrivalsPerSecond());
    m.put("forecast_per_s", Double.isNaN(p.forecastPerSecond()) ? null : p.forecastPerSecond());
    m.put("workers_live", p.workersLive());
    m.put("workers_busy", p.workersBusy());
    m.put("instances", p.instances());
    m.put("desired", p.decision() == null ? null : p.decision().desired());
    m.put("why", p.decision() == null ? "" : p.decision().why());
    m.put("actions", p.actionsTaken());
    m.put("errors", p.errors());
    return m;
  }

  private void removeOlderThan(LocalDate oldestKept) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.matches("ticks-\\d{4}-\\d{2}-\\d{2}\\.jsonl(\\.\\d+)?")
            && name.substring(6, 16).compareTo(oldestKept.toString()) < 0) {
          Files.deleteIfExists(f);
        }
      }
    }
  }
}
