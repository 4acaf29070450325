package io.yogurt.history.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What config/logstash/yogurt.conf says, read from the file itself: the output index and document
 * id templates, the field-to-metric tables, and the fields it removes. {@link #documents} applies
 * those tables to broker statistics lines the way the pipeline's ruby filter does, so tests can
 * bulk-load exactly what Logstash would send without running Logstash.
 */
record LogstashPipeline(
    String index,
    String documentId,
    Map<String, String> gauges,
    Map<String, String> counters,
    List<String> removed) {

  static final Path CONF = Path.of("../../config/logstash/yogurt.conf");

  static LogstashPipeline read() throws IOException {
    String conf = Files.readString(CONF);
    return new LogstashPipeline(
        option(conf, "index"),
        option(conf, "document_id"),
        table(conf, "GAUGES"),
        table(conf, "COUNTERS"),
        list(conf, "remove_field"));
  }

  private static String option(String conf, String name) {
    Matcher m = Pattern.compile("\\b" + name + "\\s*=>\\s*\"([^\"]+)\"").matcher(conf);
    assertTrue(m.find(), CONF + ": no " + name + " option");
    return m.group(1);
  }

  private static Map<String, String> table(String conf, String name) {
    Matcher m = Pattern.compile(name + "\\s*=\\s*\\{([^}]*)}").matcher(conf);
    assertTrue(m.find(), CONF + ": no " + name + " table");
    Map<String, String> table = new LinkedHashMap<>();
    Matcher pair = Pattern.compile("\"(\\w+)\"\\s*=>\\s*\"(\\w+)\"").matcher(m.group(1));
    while (pair.find()) {
      table.put(pair.group(1), pair.group(2));
    }
    return table;
  }

  private static List<String> list(String conf, String name) {
    Matcher m = Pattern.compile(name + "\\s*=>\\s*\\[([^]]*)]").matcher(conf);
    assertTrue(m.find(), CONF + ": no " + name + " list");
    List<String> items = new ArrayList<>();
    Matcher item = Pattern.compile("\"([^\"]+)\"").matcher(m.group(1));
    while (item.find()) {
      items.add(item.group(1));
    }
    return items;
  }

  /** The test fixture: statistics lines as the broker writes them. */
  static List<JsonNode> sampleLines() throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    try (InputStream in = LogstashPipeline.class.getResourceAsStream("broker-stats.jsonl")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        lines.add(mapper.readTree(line));
      }
    }
    return lines;
  }

  /** The documents the pipeline makes of these lines, in order. */
  List<Map<String, Object>> documents(List<JsonNode> lines) {
    Map<String, Map<String, Double>> last = new HashMap<>();
    List<Map<String, Object>> docs = new ArrayList<>();
    for (JsonNode line : lines) {
      gauges.forEach(
          (field, metric) -> {
            if (line.has(field)) {
              docs.add(doc(line, metric, line.get(field).asDouble()));
            }
          });
      Map<String, Double> previous =
          last.computeIfAbsent(
              line.get("broker").asText() + "|" + line.get("service").asText(),
              k -> new HashMap<>());
      counters.forEach(
          (field, metric) -> {
            if (line.has(field)) {
              double v = line.get(field).asDouble();
              if (previous.containsKey(field)) {
                double delta = v - previous.get(field);
                docs.add(doc(line, metric, delta < 0 ? v : delta));
              }
              previous.put(field, v);
            }
          });
    }
    return docs;
  }

  private static Map<String, Object> doc(JsonNode line, String metric, double value) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("@timestamp", line.get("@timestamp").asText());
    doc.put("broker", line.get("broker").asText());
    doc.put("service", line.get("service").asText());
    doc.put("metric", metric);
    doc.put("value", value);
    return doc;
  }

  /** The index the output sends a document to, with Logstash's %{+FORMAT} date (UTC). */
  String indexOf(Map<String, Object> doc) {
    Matcher m = Pattern.compile("%\\{\\+([^}]+)}").matcher(index);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String joda = m.group(1).replace("YYYY", "yyyy"); // Joda's year of era is Java's yyyy
      m.appendReplacement(
          out,
          DateTimeFormatter.ofPattern(joda)
              .withZone(ZoneOffset.UTC)
              .format(Instant.parse((String) doc.get("@timestamp"))));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The id the output gives a document. */
  String idOf(Map<String, Object> doc) {
    long millis = Instant.parse((String) doc.get("@timestamp")).toEpochMilli();
    return documentId
        .replace("%{service}", (String) doc.get("service"))
        .replace("%{metric}", (String) doc.get("metric"))
        .replace("%{[@metadata][epoch_ms]}", Long.toString(millis));
  }
}
