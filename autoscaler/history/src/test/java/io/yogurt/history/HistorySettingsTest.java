package io.yogurt.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.config.ConfigFile;
import io.yogurt.config.InvalidInputException;
import java.io.StringReader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HistorySettingsTest {

  static HistorySettings parse(String yaml) throws InvalidInputException {
    ConfigFile file = ConfigFile.parse("test.yaml", new StringReader(yaml), k -> null);
    HistorySettings s = HistorySettings.from(file.root().section("history"));
    file.finish();
    return s;
  }

  @Test
  void defaultsToTheEmbeddedStore() throws Exception {
    assertEquals(HistorySettings.DEFAULT, parse(""));
  }

  @Test
  void readsRetention() throws Exception {
    HistorySettings s =
        parse(
            """
        history:
          embedded:
            keep-raw: 1d
            keep-minutes: 10d
            coarse-step: 15m
            keep-coarse: 90d
        """);
    assertEquals(Duration.ofDays(10), s.embedded().keepMinutes());
    assertEquals(Duration.ofMinutes(15), s.embedded().coarseStep());
  }

  @Test
  void inconsistentRetentionNamesTheKeys() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                parse(
                    """
        history:
          backend: elastic
          embedded:
            keep-raw: 5d
            keep-minutes: 2d
            coarse-step: 90s
        """));
    assertTrue(e.getMessage().contains("history.backend"), e.getMessage());
    assertTrue(e.getMessage().contains("history.embedded.keep-minutes"), e.getMessage());
    assertTrue(e.getMessage().contains("history.embedded.coarse-step"), e.getMessage());
  }

  @Test
  void readsTheElasticsearchSection() throws Exception {
    HistorySettings s =
        parse(
            """
        history:
          backend: elasticsearch
          elasticsearch:
            url: https://es.example:9243
            index-prefix: traffic
            api-key: abc
            request-timeout: 3s
            sources:
              - metric: arrivals
                index: access-*
                time-field: ts
                service-field: app
        """);
    assertEquals(HistorySettings.Backend.ELASTICSEARCH, s.backend());
    assertEquals("https://es.example:9243", s.elasticsearch().url().toString());
    assertEquals("traffic", s.elasticsearch().indexPrefix());
    assertEquals("abc", s.elasticsearch().apiKey().reveal());
    assertEquals(Duration.ofSeconds(3), s.elasticsearch().requestTimeout());
    assertTrue(s.elasticsearch().sourceFor("arrivals").orElseThrow().countsDocuments());
  }

  @Test
  void badElasticsearchKeysAreNamed() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                parse(
                    """
        history:
          elasticsearch:
            url: localhost:9200
            index-prefix: Yogurt
            username: me
            sources:
              - metric: arrivals
        """));
    for (String key :
        new String[] {
          "history.elasticsearch.url",
          "history.elasticsearch.index-prefix",
          "history.elasticsearch.password",
          "history.elasticsearch.sources[0].index"
        }) {
      assertTrue(e.getMessage().contains(key), e.getMessage());
    }
  }
}
