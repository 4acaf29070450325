package io.yogurt.autoscaler.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Answers of Yogurt's two HTTP listeners (admin API, metrics): a status and a UTF-8 body. */
public final class Replies {

  private Replies() {}

  /** Sends {@code body} as {@code type} with {@code status}, and closes the exchange's body. */
  public static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
