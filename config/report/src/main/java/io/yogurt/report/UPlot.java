package io.yogurt.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * uPlot's script, stylesheet and licence, read from its webjar on the class path, to be inlined
 * into a page (so the page works offline, from one file).
 */
final class UPlot {

  private static final String POM = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";

  private UPlot() {}

  static String version() {
    Properties p = new Properties();
    try (InputStream in = resource(POM)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version");
  }

  static String script() {
    return read("dist/uPlot.iife.min.js");
  }

  static String css() {
    return read("dist/uPlot.min.css");
  }

  static String license() {
    return read("LICENSE");
  }

  private static String read(String file) {
    String path = "/META-INF/resources/webjars/uplot/" + version() + "/" + file;
    try (InputStream in = resource(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream resource(String path) {
    InputStream in = UPlot.class.getResourceAsStream(path);
    if (in == null) {
      throw new IllegalStateException(
          path + " is not on the class path: the org.webjars.npm:uplot jar is missing");
    }
    return in;
  }
}
