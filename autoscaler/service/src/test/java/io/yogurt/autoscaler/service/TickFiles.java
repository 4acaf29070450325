package io.yogurt.autoscaler.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The tick events a {@code yogurt run} wrote into its state directory, read back by tests. */
public final class TickFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TickFiles() {}

  /**
   * Every complete tick of {@code stateDir/events/ticks-*.jsonl}; none when the process has not
   * written one yet. A line being written is skipped until it is complete.
   */
  public static List<JsonNode> read(Path stateDir) throws IOException {
    Path events = stateDir.resolve("events");
    List<JsonNode> ticks = new ArrayList<>();
    if (!Files.isDirectory(events)) {
      return ticks;
    }
    try (Stream<Path> files = Files.list(events)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("ticks-")).toList()) {
        for (String line : Files.readAllLines(f)) {
          if (line.endsWith("}")) {
            ticks.add(JSON.readTree(line));
          }
        }
      }
    }
    return ticks;
  }
}
