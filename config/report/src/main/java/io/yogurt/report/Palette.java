package io.yogurt.report;

/**
 * Colours that stay apart on a white page: Tableau's ten, then eight more, so a chart of 12 or more
 * series gives each its own.
 */
public final class Palette {

  private static final String[] COLORS = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd",
    "#e6550d", "#31a354"
  };

  private Palette() {}

  /** The {@code i}-th colour (they repeat after 18). */
  public static String color(int i) {
    return COLORS[Math.floorMod(i, COLORS.length)];
  }
}
