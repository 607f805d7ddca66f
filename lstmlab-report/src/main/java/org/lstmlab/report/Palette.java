package org.lstmlab.report;

import java.awt.Color;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The colours of a report, shared by the HTML and the PNG so a model looks the same in both.
 *
 * <p>The observed series and the reference lines are a dark slate; models take the next colour in
 * order of first appearance in the report. The first six are far apart in hue and stay
 * distinguishable for the common forms of colour blindness when paired with the dashes the charts
 * already use for forecasts and validation (after the Tableau 10 and Tailwind palettes).
 */
final class Palette {

  /** The observed series, and the reference lines of curve charts. */
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

  /**
   * Model name → colour as "#rrggbb", for every model in the report, in order of appearance. A
   * name that is also a curve chart's reference line (a baseline's row in the metrics table) takes
   * the references' colour, {@link #ACTUAL}, and leaves the model colours to the models.
   */
  static Map<String, String> modelColors(Report report) {
    Set<String> references = new HashSet<>();
    report.charts().forEach(c -> c.references().forEach(r -> references.add(r.name())));
    Map<String, String> colors = new LinkedHashMap<>();
    int next = 0;
    for (String model : report.models()) {
      colors.put(model, references.contains(model) ? ACTUAL : MODELS[next++ % MODELS.length]);
    }
    return colors;
  }

  /** "#rrggbb" as an AWT colour. */
  static Color awt(String hex) {
    return new Color(Integer.parseInt(hex.substring(1), 16));
  }
}
