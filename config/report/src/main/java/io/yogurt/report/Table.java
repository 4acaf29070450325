package io.yogurt.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table of a report page: a header row that names each column with its unit ("wait p95 (s)"),
 * rows of text cells (numbers right-aligned by the page's style), and rows that stand out.
 */
public final class Table {

  private final String cssClass;
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();
  private final List<Boolean> highlighted = new ArrayList<>();

  /** A table with these column headers; {@code cssClass} names it in the page. */
  public Table(String cssClass, List<String> headers) {
    this.cssClass = cssClass;
    this.headers = List.copyOf(headers);
  }

  public Table row(String... cells) {
    return add(false, cells);
  }

  /** A row that stands out (the selected model). */
  public Table highlightedRow(String... cells) {
    return add(true, cells);
  }

  private Table add(boolean highlight, String... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(
          cssClass + ": " + cells.length + " cells for " + headers.size() + " columns");
    }
    rows.add(Arrays.asList(cells));
    highlighted.add(highlight);
    return this;
  }

  String html() {
    StringBuilder b = new StringBuilder("<table class=\"").append(Html.esc(cssClass)).append("\">");
    b.append("<tr>");
    headers.forEach(h -> b.append("<th>").append(Html.esc(h)).append("</th>"));
    b.append("</tr>");
    for (int r = 0; r < rows.size(); r++) {
      b.append(highlighted.get(r) ? "<tr class=\"sel\">" : "<tr>");
      rows.get(r).forEach(c -> b.append("<td>").append(Html.esc(c)).append("</td>"));
      b.append("</tr>");
    }
    return b.append("</table>").toString();
  }
}
