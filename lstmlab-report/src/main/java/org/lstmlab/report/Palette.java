package org.lstmlab.report;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The colours of a report, shared by the HTML and the PNG so a model looks the same in both.
 *
 * <p>The observed series is a dark slate; models take the next colour in order of first appearance
 * in the report. The first six are far apart in hue and stay distinguishable for the common forms
 * of colour blindness when paired with the dashes the charts already use for forecasts and
 * validation (after the Tableau 10 and Tailwind palettes).
 */
final class Palette {

  /** The observed series. */
  static final String ACTUAL = "#334155";

  private static final String[] MODELS = {
    "#2563eb", // blue
    "#ea580c", // orange
    "#16a34a", // green
    "#9333ea", // purple
    "#0891b2", // cyan
    "#db2777", // pink
    "#ca8a04", // amber
    "#64748b", // grey
  };

  private Palette() {}

  /** Model name → colour as "#rrggbb", for every model in the report, in order of appearance. */
  static Map<String, String> modelColors(Report report) {
    Map<String, String> colors = new LinkedHashMap<>();
    List<String> models = report.models();
    for (int i = 0; i < models.size(); i++) {
      colors.put(models.get(i), MODELS[i % MODELS.length]);
    }
    return colors;
  }

  /** "#rrggbb" as an AWT colour. */
  static Color awt(String hex) {
    return new Color(Integer.parseInt(hex.substring(1), 16));
  }
}
