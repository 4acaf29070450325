package io.yogurt.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The shell of every HTML report: one self-contained file (style, uPlot and the chart script
 * inlined; no network) made of headings, paragraphs, tables and interactive {@link Chart}s. Add
 * parts in reading order, then {@link #render}. Opening the page with {@code #check} after its
 * address makes it write what it drew (series, points, scales, legend, a hover) as JSON into {@code
 * <pre id="yogurt-check">}, which the tests read back through headless Chromium.
 */
public final class HtmlPage {

  /** Where the help goes: before the first chart. */
  private static final String HELP_HERE = "<!--yogurt-help-->";

  /** How to read the charts, once per page. */
  private static final String HELP =
      "<p class=\"help\">Charts: drag across a chart to zoom (every chart of the page follows),"
          + " double-click to zoom out; the legend shows the values under the cursor. Times are"
          + " UTC.";

  /** The switch between shared and own y scales, on pages that share them. */
  private static final String SCALES =
      " <label><input type=\"checkbox\" id=\"yogurt-shared-scales\" checked> charts compared"
          + " side by side share their y scale</label> (untick: each fits what it shows).";

  private final String title;
  private final StringBuilder body = new StringBuilder();
  private final StringBuilder data = new StringBuilder();
  private int charts;
  private boolean sharedScales;

  public HtmlPage(String title) {
    this.title = title;
  }

  public HtmlPage h1(String text) {
    return tag("h1", text);
  }

  public HtmlPage h2(String text) {
    return tag("h2", text);
  }

  public HtmlPage h3(String text) {
    return tag("h3", text);
  }

  /** A paragraph of plain text (escaped). */
  public HtmlPage paragraph(String text) {
    return tag("p", text);
  }

  /** Markup written as given: the caller escapes what it puts in ({@link Html#esc}). */
  public HtmlPage html(String markup) {
    body.append(markup);
    return this;
  }

  public HtmlPage table(Table t) {
    body.append("<div class=\"scroll\">").append(t.html()).append("</div>");
    return this;
  }

  public HtmlPage chart(Chart c) {
    if (charts == 0) {
      body.append(HELP_HERE);
    }
    sharedScales |= c.hasFixedRange();
    String id = "chart-" + charts++;
    body.append("<div class=\"chart\" data-spec=\"").append(id).append("\"></div>");
    data.append("<script type=\"application/json\" id=\"")
        .append(id)
        .append("\">")
        .append(c.json())
        .append("</script>\n");
    return this;
  }

  /** The whole page. */
  public String render() {
    StringBuilder h = new StringBuilder(body.length() + data.length() + 80_000);
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>")
        .append(Html.esc(title))
        .append("</title><style>")
        .append(resource("report.css"));
    if (charts > 0) {
      h.append(UPlot.css());
    }
    String help = HELP + (sharedScales ? SCALES : "") + "</p>\n";
    h.append("</style></head><body>\n")
        .append(body.toString().replace(HELP_HERE, help))
        .append('\n');
    if (charts > 0) {
      h.append(data);
      h.append("<!-- uPlot ")
          .append(UPlot.version())
          .append(", inlined from its webjar:\n")
          .append(UPlot.license().replace("--", "- -"))
          .append("-->\n<script>")
          .append(UPlot.script())
          .append("</script>\n<script>")
          .append(resource("charts.js"))
          .append("</script>\n");
    }
    return h.append("</body></html>\n").toString();
  }

  private HtmlPage tag(String tag, String text) {
    body.append('<')
        .append(tag)
        .append('>')
        .append(Html.esc(text))
        .append("</")
        .append(tag)
        .append(">\n");
    return this;
  }

  private static String resource(String name) {
    try (InputStream in = HtmlPage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the yogurt-report jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
