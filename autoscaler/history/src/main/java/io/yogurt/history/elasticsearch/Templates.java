package io.yogurt.history.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.indices.PutIndexTemplateRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The composable index templates for Yogurt's metrics and events indices, kept as JSON resources
 * ({@code metrics-template.json}, {@code events-template.json}) so docs and Logstash users can read
 * the exact mapping.
 */
final class Templates {

  private Templates() {}

  static Void install(ElasticsearchClient client, IndexLayout layout, int replicas)
      throws IOException {
    put(
        client,
        layout.metricsTemplate(),
        "metrics-template.json",
        layout.metricsPattern(),
        replicas);
    put(client, layout.eventsTemplate(), "events-template.json", layout.eventsPattern(), replicas);
    return null;
  }

  static Void remove(ElasticsearchClient client, IndexLayout layout) throws IOException {
    for (String name : new String[] {layout.metricsTemplate(), layout.eventsTemplate()}) {
      try {
        client.indices().deleteIndexTemplate(d -> d.name(name));
      } catch (ElasticsearchException e) {
        if (e.status() != 404) {
          throw e;
        }
      }
    }
    return null;
  }

  /** The template body with its index pattern and replica count filled in. */
  static String body(String resource, String pattern, int replicas) {
    try (InputStream in = Templates.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("${pattern}", pattern)
          .replace("${replicas}", Integer.toString(replicas));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void put(
      ElasticsearchClient client, String name, String resource, String pattern, int replicas)
      throws IOException {
    String json = body(resource, pattern, replicas);
    client
        .indices()
        .putIndexTemplate(
            PutIndexTemplateRequest.of(b -> b.name(name).withJson(new StringReader(json))));
  }
}
