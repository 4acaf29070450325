package io.yogurt.provider.digitalocean.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One answer of the fake API, and the JSON shapes the real API answers with. */
final class Reply {

  final int status;
  final JsonObject body;
  final Map<String, String> headers = new LinkedHashMap<>();

  Reply(int status, JsonObject body) {
    this.status = status;
    this.body = body;
  }

  static Reply page(
      String baseUrl, String element, List<? extends JsonElement> items, Map<String, String> q) {
    int perPage = Math.min(200, Math.max(1, Integer.parseInt(q.getOrDefault("per_page", "20"))));
    int page = Math.max(1, Integer.parseInt(q.getOrDefault("page", "1")));
    int from = Math.min(items.size(), (page - 1) * perPage);
    int to = Math.min(items.size(), from + perPage);
    JsonArray arr = new JsonArray();
    items.subList(from, to).forEach(arr::add);
    JsonObject root = new JsonObject();
    root.add(element, arr);
    JsonObject pages = new JsonObject();
    int last = Math.max(1, (items.size() + perPage - 1) / perPage);
    if (page < last) {
      pages.addProperty(
          "next", baseUrl + "/v2/" + element + "?page=" + (page + 1) + "&per_page=" + perPage);
      pages.addProperty(
          "last", baseUrl + "/v2/" + element + "?page=" + last + "&per_page=" + perPage);
    }
    if (page > 1) {
      pages.addProperty("first", baseUrl + "/v2/" + element + "?page=1&per_page=" + perPage);
      pages.addProperty(
          "prev", baseUrl + "/v2/" + element + "?page=" + (page - 1) + "&per_page=" + perPage);
    }
    JsonObject links = new JsonObject();
    links.add("pages", pages);
    root.add("links", links);
    JsonObject meta = new JsonObject();
    meta.addProperty("total", items.size());
    root.add("meta", meta);
    return new Reply(200, root);
  }

  static JsonObject slugObject(String slug, boolean available) {
    JsonObject o = new JsonObject();
    o.addProperty("slug", slug);
    o.addProperty("name", slug);
    o.addProperty("available", available);
    return o;
  }

  static Reply ok(int status, String element, JsonObject value) {
    JsonObject root = new JsonObject();
    root.add(element, value);
    return new Reply(status, root);
  }

  static Reply error(int status, String id, String message) {
    JsonObject o = new JsonObject();
    o.addProperty("id", id);
    o.addProperty("message", message);
    return new Reply(status, o);
  }

  static void send(HttpExchange ex, Reply r) throws IOException {
    r.headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    if (r.body == null) {
      ex.sendResponseHeaders(r.status, -1);
    } else {
      byte[] bytes = r.body.toString().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      ex.sendResponseHeaders(r.status, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
    ex.close();
  }
}
