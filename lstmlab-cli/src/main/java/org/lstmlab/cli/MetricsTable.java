package org.lstmlab.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.lstmlab.core.metrics.Metrics;

/**
 * The metrics of models and baselines on splits, as a text table for the terminal.
 *
 * <p>Two layouts: {@link #printWide} puts the splits side by side (one row per model, the demo's
 * one table), {@link #printLong} gives one row per model and split (train and evaluate, whose six
 * metrics would not fit side by side). Each column has one number of decimals, eight where its
 * values are below 10 (enough to compare runs by eye) and fewer for larger ones (a MAPE of
 * 12345%), so the points line up; NaN (MAPE or R² where undefined) prints as {@code n/a}.
 */
final class MetricsTable {

  /** Column headings of the metric keys of {@link Metrics#toMap()}. */
  private static final Map<String, String> HEADINGS =
      Map.of("mse", "MSE", "mae", "MAE", "rmse", "RMSE", "mape", "MAPE %", "smape", "sMAPE %",
          "r2", "R²", "mase", "MASE");

  private final List<String> keys;
  // model → split → metric key → value
  private final Map<String, Map<String, Map<String, Double>>> rows = new LinkedHashMap<>();
  private final Map<String, String> splitTitles = new LinkedHashMap<>();

  /** A table of the metrics {@code keys}, a subset of {@link Metrics#KEYS}, in that order. */
  MetricsTable(List<String> keys) {
    this.keys = List.copyOf(keys);
  }

  /** Names a split in the heading, e.g. "held-out windows (20)". */
  MetricsTable split(String split, String title) {
    splitTitles.put(split, title);
    return this;
  }

  /** Adds (or replaces) one cell group: {@code model} on {@code split}. */
  MetricsTable add(String model, String split, Metrics metrics) {
    return add(model, split, metrics.toMap());
  }

  /** Adds (or replaces) one cell group from metric values by key (e.g. with {@code mase}). */
  MetricsTable add(String model, String split, Map<String, Double> values) {
    rows.computeIfAbsent(model, m -> new LinkedHashMap<>()).put(split, values);
    splitTitles.putIfAbsent(split, split);
    return this;
  }

  private List<String> splits() {
    Set<String> s = new LinkedHashSet<>(splitTitles.keySet());
    rows.values().forEach(m -> s.addAll(m.keySet()));
    List<String> out = new ArrayList<>();
    for (String split : s) {
      if (rows.values().stream().anyMatch(m -> m.containsKey(split))) {
        out.add(split);
      }
    }
    return out;
  }

  private int modelWidth() {
    int w = "model".length();
    for (String m : rows.keySet()) {
      w = Math.max(w, m.length());
    }
    return w;
  }

  /** One row per model; each split a group of columns, titled above. */
  void printWide(PrintWriter out) {
    List<String> splits = splits();
    Map<String, Integer> dec = decimals();
    int mw = modelWidth();
    int groupWidth = keys.size() * 12;
    StringBuilder title = new StringBuilder(pad("", mw));
    StringBuilder head = new StringBuilder(pad("model", mw));
    for (String split : splits) {
      String t = splitTitles.get(split);
      title.append("  ").append(pad(t, groupWidth - 1));
      for (String k : keys) {
        head.append(String.format(Locale.ROOT, " %11s", HEADINGS.getOrDefault(k, k)));
      }
      head.append(' ');
    }
    out.println(title.toString().stripTrailing());
    out.println(head.toString().stripTrailing());
    for (Map.Entry<String, Map<String, Map<String, Double>>> row : rows.entrySet()) {
      StringBuilder line = new StringBuilder(pad(row.getKey(), mw));
      for (String split : splits) {
        Map<String, Double> m = row.getValue().get(split);
        for (String k : keys) {
          line.append(' ').append(cell(value(m, k), dec.get(k)));
        }
        line.append(' ');
      }
      out.println(line.toString().stripTrailing());
    }
  }

  /** One row per model and split, grouped by split. */
  void printLong(PrintWriter out) {
    Map<String, Integer> dec = decimals();
    int mw = modelWidth();
    int sw = "split".length();
    for (String s : splits()) {
      sw = Math.max(sw, s.length());
    }
    StringBuilder head = new StringBuilder(pad("model", mw)).append("  ").append(pad("split", sw));
    for (String k : keys) {
      head.append(String.format(Locale.ROOT, " %11s", HEADINGS.getOrDefault(k, k)));
    }
    out.println(head);
    for (String split : splits()) {
      for (Map.Entry<String, Map<String, Map<String, Double>>> row : rows.entrySet()) {
        Map<String, Double> m = row.getValue().get(split);
        if (m == null) {
          continue;
        }
        StringBuilder line = new StringBuilder(pad(row.getKey(), mw)).append("  ")
            .append(pad(split, sw));
        for (String k : keys) {
          line.append(' ').append(cell(value(m, k), dec.get(k)));
        }
        out.println(line);
      }
    }
  }

  /** Decimals per metric key: as many as fit in 11 characters for the column's largest value. */
  private Map<String, Integer> decimals() {
    Map<String, Integer> d = new LinkedHashMap<>();
    for (String k : keys) {
      double max = 0;
      for (Map<String, Map<String, Double>> bySplit : rows.values()) {
        for (Map<String, Double> m : bySplit.values()) {
          double v = Math.abs(value(m, k));
          if (Double.isFinite(v)) {
            max = Math.max(max, v);
          }
        }
      }
      int intDigits = max < 10 ? 1 : (int) Math.floor(Math.log10(max)) + 1;
      d.put(k, Math.max(0, Math.min(8, 9 - intDigits)));
    }
    return d;
  }

  private static double value(Map<String, Double> m, String key) {
    Double v = m == null ? null : m.get(key);
    return v == null ? Double.NaN : v;
  }

  private static String cell(double v, int decimals) {
    if (Double.isNaN(v)) {
      return String.format(Locale.ROOT, "%11s", "n/a");
    }
    String s = String.format(Locale.ROOT, "%11." + decimals + "f", v);
    return s.length() <= 11 ? s : String.format(Locale.ROOT, "%11.4g", v);
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
