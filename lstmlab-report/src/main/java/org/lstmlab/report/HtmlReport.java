package org.lstmlab.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a {@link Report} as one self-contained HTML page that opens offline in any browser.
 *
 * <p>The page holds, inline: its styles, the report's data as JSON (in a {@code <script
 * type="application/json">} element), Apache ECharts read from the {@code org.webjars.npm:echarts}
 * jar on the class path, and a small script that draws the charts from the data: the series with
 * each model's predictions and dashed forecasts over their shaded interval bands, the held-out
 * regions shaded, the baselines in the legend drawn when picked (wheel zoom, drag pan, a zoom slider, hover
 * readouts, legend toggling, restore and save-as-image), the loss curves (training solid,
 * validation dashed, with a log-scale switch), and each {@link CurveChart} (one line per model
 * against steps, dashed labelled reference lines, wheel zoom and drag pan, box zoom, hover
 * readouts that include the references, legend toggling, and a log-scale switch when the chart
 * asks for one). Each part is there only when the report has it. The metrics and configuration
 * tables are plain HTML,
 * so they read even with scripts off. A Content-Security-Policy meta element forbids the page any
 * network request, so the page shows what is in the file and nothing else.
 *
 * <p>Every user string is escaped where it lands (see {@link Html}). Numbers travel in the JSON
 * with every digit; the tables round them for reading and keep the full value in the cell's title.
 * Stateless and thread-safe; the ECharts script (about 1 MB) is read once and kept.
 */
public final class HtmlReport {

  private static final String DATA_ELEMENT_ID = "report-data";
  private static final DateTimeFormatter FOOTER_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private HtmlReport() {}

  /**
   * Writes the report's page to {@code file}, atomically: the file is the old one or the whole new
   * one, never a part.
   *
   * @throws IOException if the file cannot be written; the target is then left as it was
   * @throws IllegalStateException if the ECharts webjar is not on the class path
   */
  public static void write(Report report, Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(report, "report");
    AtomicFiles.write(file, out -> writeTo(report, out));
  }

  /**
   * Writes the report's page to {@code out} (not closed), for callers that put it in a file of
   * their own, such as one transaction with other files.
   *
   * @throws IOException if writing to {@code out} fails
   * @throws IllegalStateException if the ECharts webjar is not on the class path
   */
  public static void writeTo(Report report, OutputStream out) throws IOException {
    String[] parts = around(report);
    // The library goes out as the bytes read from its jar: turned into a String and back (it has
    // two non-ASCII characters, so its String is UTF-16), it cost 0.27 s in a fresh JVM.
    out.write(parts[0].getBytes(StandardCharsets.UTF_8));
    out.write(Resources.echartsBytes());
    out.write(parts[1].getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The report's page as a string, for callers that serve it rather than save it.
   *
   * @throws IllegalStateException if the ECharts webjar is not on the class path
   */
  public static String render(Report report) {
    String[] parts = around(report);
    return parts[0] + Resources.echarts() + parts[1];
  }

  /** The page before the inlined ECharts library and after it. */
  private static String[] around(Report report) {
    Objects.requireNonNull(report, "report");
    Map<String, String> colors = Palette.modelColors(report);
    String title = Html.escape(report.title());
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        // No fetch of any kind: the page is the file. Inline script and style are its only parts.
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
        .append("script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:\">\n")
        .append("<meta name=\"generator\" content=\"LSTM Lab ")
        .append(Html.escape(report.version()))
        .append("\">\n<title>")
        .append(title)
        .append(" · LSTM Lab report</title>\n<style>\n")
        .append(Resources.text("report.css"))
        .append("</style>\n</head>\n<body>\n<main>\n");
    header(h, report, colors);
    seriesSection(h, report);
    lossSection(h, report);
    chartSections(h, report);
    metricsSection(h, report, colors);
    matrixSections(h, report);
    configSection(h, report);
    notesSection(h, report);
    h.append("<footer>Generated ")
        .append(FOOTER_TIME.format(report.generatedAt()))
        .append(" by LSTM Lab ")
        .append(Html.escape(report.version()))
        .append(" · charts by Apache ECharts ")
        .append(Html.escape(Versions.echarts()))
        .append("</footer>\n</main>\n");
    h.append("<script type=\"application/json\" id=\"" + DATA_ELEMENT_ID + "\">")
        .append(Html.scriptJson(data(report, colors)))
        .append("</script>\n<script>\n");
    String head = h.toString();
    h.setLength(0);
    h.append("\n</script>\n<script>\n")
        .append(Resources.text("report.js"))
        .append("</script>\n</body>\n</html>\n");
    return new String[] {head, h.toString()};
  }

  // ---------------------------------------------------------------- page parts

  private static void header(StringBuilder h, Report r, Map<String, String> colors) {
    h.append("<header class=\"page-head\">\n<div class=\"kicker\">LSTM Lab report</div>\n<h1>")
        .append(Html.escape(r.title()))
        .append("</h1>\n");
    if (!r.description().isBlank()) {
      h.append("<p class=\"subtitle\">").append(Html.escape(r.description())).append("</p>\n");
    }
    h.append("<ul class=\"facts\">\n");
    if (r.hasSeries()) {
      h.append("<li><b>")
          .append(r.series().size())
          .append("</b> observations of <b>")
          .append(Html.escape(r.series().name()))
          .append("</b></li>\n");
    }
    int epochs = r.losses().stream().mapToInt(LossCurve::epochs).max().orElse(0);
    if (epochs > 0) {
      h.append("<li><b>").append(epochs).append("</b> epochs</li>\n");
    }
    if (!colors.isEmpty()) {
      h.append("<li class=\"models\">");
      colors.forEach((model, color) -> h.append(swatch(color)).append(Html.escape(model)).append(' '));
      h.append("</li>\n");
    }
    h.append("</ul>\n</header>\n<noscript><p class=\"warning\">The charts need JavaScript; ")
        .append("the tables below read without it.</p></noscript>\n");
  }

  private static void seriesSection(StringBuilder h, Report r) {
    if (!r.hasSeries()) {
      return;
    }
    h.append("<section class=\"card\" id=\"predictions\">\n<div class=\"card-head\">")
        .append("<h2>Series and predictions</h2>")
        .append("<p class=\"hint\">Scroll to zoom, drag to pan, hover for values, click a legend ")
        .append("entry to hide or show it.</p></div>\n")
        .append("<div class=\"chart main\" id=\"chart-series\" role=\"img\" aria-label=\"")
        .append(Html.escape(r.series().name()))
        .append(" against each model's predictions\"></div>\n</section>\n");
  }

  private static void lossSection(StringBuilder h, Report r) {
    if (r.losses().isEmpty()) {
      return;
    }
    h.append("<section class=\"card\" id=\"loss\">\n<div class=\"card-head\"><h2>Loss</h2>")
        .append("<p class=\"hint\">Training solid, validation dashed.</p>")
        .append("<label class=\"toggle\"><input type=\"checkbox\" id=\"loss-log\"> log scale</label>")
        .append("</div>\n<div class=\"chart loss\" id=\"chart-loss\" role=\"img\" ")
        .append("aria-label=\"loss per epoch\"></div>\n</section>\n");
  }

  /** A card per curve chart; chart i draws into #chart-curves-i, its log switch is #curves-log-i. */
  private static void chartSections(StringBuilder h, Report r) {
    for (int i = 0; i < r.charts().size(); i++) {
      CurveChart c = r.charts().get(i);
      h.append("<section class=\"card\" id=\"curves-").append(i).append("\">\n")
          .append("<div class=\"card-head\"><h2>").append(Html.escape(c.title())).append("</h2>")
          .append("<p class=\"hint\">Scroll to zoom, drag to pan, hover for values, click a legend ")
          .append("entry to hide or show it.");
      if (!c.references().isEmpty()) {
        h.append(" Dashed: reference lines.");
      }
      h.append("</p>");
      if (c.logScale()) {
        h.append("<label class=\"toggle\"><input type=\"checkbox\" id=\"curves-log-").append(i)
            .append("\"> log scale</label>");
      }
      h.append("</div>\n<div class=\"chart curves\" id=\"chart-curves-").append(i)
          .append("\" role=\"img\" aria-label=\"")
          .append(Html.escape(c.yName() + " against " + c.xName()))
          .append("\"></div>\n</section>\n");
    }
  }

  private static void metricsSection(StringBuilder h, Report r, Map<String, String> colors) {
    if (r.metrics().isEmpty()) {
      return;
    }
    List<String> columns = r.metricColumns();
    double[] scale = new double[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      String column = columns.get(c);
      scale[c] = Numbers.scale(r.metrics().stream().map(m -> m.values().get(column)).toList());
    }
    Map<String, Double> best = bestPerSplitAndColumn(r, columns);
    h.append("<section class=\"card\" id=\"metrics\">\n<div class=\"card-head\"><h2>Metrics</h2>")
        .append("<p class=\"hint\">Best per split highlighted; hover a number for all its digits.")
        .append("</p></div>\n<div class=\"table-wrap\"><table class=\"metrics\">\n<thead><tr>")
        .append("<th>Model</th><th>Split</th>");
    for (String c : columns) {
      h.append("<th class=\"num\">").append(Html.escape(c));
      h.append(r.isHigherBetter(c) ? " <span class=\"dir\" title=\"higher is better\">↑</span>"
          : " <span class=\"dir\" title=\"lower is better\">↓</span>");
      h.append("</th>");
    }
    h.append("</tr></thead>\n<tbody>\n");
    String previousSplit = null;
    for (MetricRow row : r.metrics()) {
      boolean newGroup = previousSplit != null && !previousSplit.equals(row.split());
      previousSplit = row.split();
      h.append(newGroup ? "<tr class=\"group\">" : "<tr>")
          .append("<td class=\"model\">")
          .append(swatch(colors.get(row.model())))
          .append(Html.escape(row.model()))
          .append("</td><td class=\"split\">")
          .append(Html.escape(row.split()))
          .append("</td>");
      for (int c = 0; c < columns.size(); c++) {
        Double v = row.values().get(columns.get(c));
        if (v == null) {
          h.append("<td class=\"num empty\"></td>");
          continue;
        }
        Double b = best.get(row.split() + '\u0000' + columns.get(c));
        boolean isBest = b != null && b.doubleValue() == v.doubleValue();
        h.append(isBest ? "<td class=\"num best\"" : "<td class=\"num\"")
            .append(" title=\"")
            .append(Html.escape(Double.toString(v)))
            .append("\">")
            .append(Html.escape(Numbers.cell(v, scale[c])))
            .append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody></table></div>\n</section>\n");
  }

  /**
   * Each table of counts: rows are the true labels, columns the predicted, each cell shaded by its
   * share of its row (the row's recall on the diagonal), with the row's total at the end.
   */
  private static void matrixSections(StringBuilder h, Report r) {
    for (Matrix m : r.matrices()) {
      int k = m.labels().size();
      h.append("<section class=\"card matrix\">\n<div class=\"card-head\"><h2>")
          .append(Html.escape(m.title()))
          .append("</h2><p class=\"hint\">Rows: true label; columns: predicted. Shade: share of"
              + " the row.</p></div>\n<div class=\"table-wrap\"><table class=\"metrics\">\n"
              + "<thead><tr><th>true \\ predicted</th>");
      for (String label : m.labels()) {
        h.append("<th class=\"num\">").append(Html.escape(label)).append("</th>");
      }
      h.append("<th class=\"num\">total</th></tr></thead>\n<tbody>\n");
      for (int a = 0; a < k; a++) {
        long total = 0;
        for (int p = 0; p < k; p++) {
          total += m.count(a, p);
        }
        h.append("<tr><td class=\"model\">").append(Html.escape(m.labels().get(a))).append("</td>");
        for (int p = 0; p < k; p++) {
          long c = m.count(a, p);
          double share = total == 0 ? 0 : (double) c / total;
          h.append("<td class=\"num\"")
              .append(c == 0 ? "" : String.format(java.util.Locale.ROOT,
                  " style=\"background: rgba(%s, %.3f)\"", a == p ? "46, 160, 67" : "218, 54, 51",
                  0.08 + 0.6 * share))
              .append(">").append(c == 0 ? "" : Long.toString(c)).append("</td>");
        }
        h.append("<td class=\"num\">").append(total).append("</td></tr>\n");
      }
      h.append("</tbody></table></div>\n</section>\n");
    }
  }

  /**
   * Split + NUL + column → the best value in that split and column, for splits where at least two
   * rows have a finite value to compare and not all of them are equal (one row, or a tie of all,
   * is best of nothing).
   */
  private static Map<String, Double> bestPerSplitAndColumn(Report r, List<String> columns) {
    Map<String, Double> best = new HashMap<>();
    Map<String, Double> worst = new HashMap<>();
    Map<String, Integer> count = new HashMap<>();
    for (MetricRow row : r.metrics()) {
      for (String c : columns) {
        Double v = row.values().get(c);
        if (v == null || !Double.isFinite(v)) {
          continue;
        }
        String key = row.split() + '\u0000' + c;
        count.merge(key, 1, Integer::sum);
        Double old = best.get(key);
        boolean better = old == null || (r.isHigherBetter(c) ? v > old : v < old);
        if (better) {
          best.put(key, v);
        }
        Double bad = worst.get(key);
        if (bad == null || (r.isHigherBetter(c) ? v < bad : v > bad)) {
          worst.put(key, v);
        }
      }
    }
    best.keySet().removeIf(k -> count.get(k) < 2 || best.get(k).equals(worst.get(k)));
    return best;
  }

  private static void configSection(StringBuilder h, Report r) {
    h.append("<section class=\"card\" id=\"config\">\n<div class=\"card-head\"><h2>Configuration</h2>")
        .append("<p class=\"hint\">Everything needed to replay the run.</p></div>\n");
    if (!r.command().isEmpty()) {
      h.append("<p class=\"replay\">Replay: <code>").append(Html.escape(r.command()))
          .append("</code></p>\n");
    }
    if (r.config().isEmpty()) {
      h.append("<p class=\"empty-note\">No configuration was recorded.</p>\n</section>\n");
      return;
    }
    h.append("<div class=\"table-wrap\"><table class=\"config\">\n<tbody>\n");
    r.config()
        .forEach(
            (k, v) ->
                h.append("<tr><th scope=\"row\">")
                    .append(Html.escape(k))
                    .append("</th><td>")
                    .append(Html.escape(v))
                    .append("</td></tr>\n"));
    h.append("</tbody></table></div>\n</section>\n");
  }

  private static void notesSection(StringBuilder h, Report r) {
    if (r.notes().isEmpty()) {
      return;
    }
    h.append("<section class=\"card\" id=\"notes\">\n<div class=\"card-head\"><h2>Notes</h2></div>\n<ul>\n");
    r.notes().forEach(n -> h.append("<li>").append(Html.escape(n)).append("</li>\n"));
    h.append("</ul>\n</section>\n");
  }

  private static String swatch(String color) {
    // The colour comes from Palette, never from the user.
    return "<span class=\"swatch\" style=\"background:" + (color == null ? Palette.ACTUAL : color) + "\"></span>";
  }

  // ---------------------------------------------------------------- data

  /** The JSON the page's script draws from; its shape is read by report.js. */
  static ObjectNode data(Report r, Map<String, String> colors) {
    ObjectNode root = Html.mapper().createObjectNode();
    root.put("title", r.title());
    if (r.hasSeries()) {
      Series s = r.series();
      ObjectNode series = root.putObject("series");
      series.put("name", s.name());
      series.put("xName", s.xName());
      series.put("color", Palette.ACTUAL);
      if (s.isLabelled()) {
        ArrayNode labels = series.putArray("labels");
        s.labels().forEach(labels::add);
        s.futureLabels().forEach(labels::add); // rows past the end: the forecast's times
      } else {
        series.putNull("labels");
      }
      points(series.putArray("points"), s.x(), s.values());
    } else {
      root.putNull("series");
    }
    ArrayNode predictions = root.putArray("predictions");
    for (Trace t : r.predictions()) {
      trace(predictions.addObject(), t, t.model(), colors);
    }
    ArrayNode forecasts = root.putArray("forecasts");
    for (Trace t : r.forecasts()) {
      trace(forecasts.addObject(), t, t.model() + " forecast", colors);
    }
    ArrayNode baselines = root.putArray("baselines");
    for (Trace t : r.baselines()) {
      trace(baselines.addObject(), t, t.model(), colors);
    }
    ArrayNode bands = root.putArray("bands");
    for (Band b : r.bands()) {
      ObjectNode o = bands.addObject();
      o.put("model", b.model());
      o.put("name", b.label());
      o.put("color", colors.get(b.model()));
      ArrayNode points = o.putArray("points");
      double[] x = b.x();
      double[] lo = b.lower();
      double[] hi = b.upper();
      for (int i = 0; i < x.length; i++) {
        if (Double.isFinite(lo[i]) && Double.isFinite(hi[i])) {
          points.addArray().add(x[i]).add(lo[i]).add(hi[i]);
        }
      }
    }
    ArrayNode regions = root.putArray("regions");
    for (Region g : r.regions()) {
      regions.addObject().put("label", g.label()).put("from", g.from()).put("to", g.to());
    }
    ArrayNode losses = root.putArray("losses");
    for (LossCurve l : r.losses()) {
      ObjectNode o = losses.addObject();
      o.put("model", l.model());
      o.put("color", colors.get(l.model()));
      values(o.putArray("train"), l.train());
      values(o.putArray("validation"), l.validation());
    }
    ArrayNode charts = root.putArray("charts");
    for (CurveChart c : r.charts()) {
      ObjectNode o = charts.addObject();
      o.put("title", c.title());
      o.put("xName", c.xName());
      o.put("yName", c.yName());
      o.put("logScale", c.logScale());
      o.put("logScaleUsable", c.logScaleUsable());
      ArrayNode curves = o.putArray("curves");
      for (Trace t : c.curves()) {
        trace(curves.addObject(), t, t.model(), colors);
      }
      ArrayNode references = o.putArray("references");
      for (ReferenceLine ref : c.references()) {
        ObjectNode ro = references.addObject();
        ro.put("name", ref.name());
        ro.put("label", ref.label());
        ro.put("value", ref.value());
        ro.put("color", Palette.ACTUAL);
        ro.put("labelPosition", LabelPlacement.of(c, ref).echarts);
      }
    }
    ArrayNode metrics = root.putArray("metrics");
    for (MetricRow m : r.metrics()) {
      ObjectNode o = metrics.addObject();
      o.put("model", m.model());
      o.put("split", m.split());
      ObjectNode v = o.putObject("values");
      m.values().forEach((k, x) -> number(v, k, x));
    }
    ObjectNode config = root.putObject("config");
    r.config().forEach(config::put);
    root.put("command", r.command());
    ArrayNode notes = root.putArray("notes");
    r.notes().forEach(notes::add);
    return root;
  }

  private static void trace(ObjectNode o, Trace t, String name, Map<String, String> colors) {
    o.put("model", t.model());
    o.put("name", name);
    o.put("color", colors.get(t.model()));
    points(o.putArray("points"), t.x(), t.values());
  }

  /** [[x, y], …] with null for a NaN or infinite y: JSON has no NaN, and a null is a gap. */
  private static void points(ArrayNode out, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      ArrayNode p = out.addArray();
      p.add(x[i]);
      if (Double.isFinite(y[i])) {
        p.add(y[i]);
      } else {
        p.addNull();
      }
    }
  }

  private static void values(ArrayNode out, double[] v) {
    for (double x : v) {
      if (Double.isFinite(x)) {
        out.add(x);
      } else {
        out.addNull();
      }
    }
  }

  private static void number(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    } else {
      o.putNull(key);
    }
  }

  // ---------------------------------------------------------------- resources

  /** The page's own script and styles, and ECharts from its webjar; each read once. */
  static final class Resources {
    private static volatile byte[] echartsBytes;
    private static volatile String echarts;
    private static final Map<String, String> TEXTS = new java.util.concurrent.ConcurrentHashMap<>();

    private Resources() {}

    /** Where the webjar keeps the minified library (checked in the 5.3.1 jar). */
    static String echartsPath() {
      return "META-INF/resources/webjars/echarts/" + Versions.echarts() + "/dist/echarts.min.js";
    }

    /** The library's UTF-8 bytes as its webjar has them. */
    static byte[] echartsBytes() {
      byte[] e = echartsBytes;
      if (e == null) {
        String path = echartsPath();
        ClassLoader loader = HtmlReport.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(path)) {
          if (in == null) {
            throw new IllegalStateException(
                "ECharts not found on the class path at " + path
                    + "; add org.webjars.npm:echarts:" + Versions.echarts() + " as a dependency");
          }
          e = in.readAllBytes();
        } catch (IOException ex) {
          throw new UncheckedIOException("reading " + path, ex);
        }
        // Inlined, the library must not end its own script element early (it does not, in 5.3.1).
        if (closesScript(e)) {
          throw new IllegalStateException(path + " contains '</script' and cannot be inlined");
        }
        echartsBytes = e;
      }
      return e;
    }

    /** The library as text, for {@link #render}. */
    static String echarts() {
      String e = echarts;
      if (e == null) {
        e = new String(echartsBytes(), StandardCharsets.UTF_8);
        echarts = e;
      }
      return e;
    }

    /** Whether the UTF-8 text holds {@code </script} in any case (UTF-8 never encodes '<' else). */
    static boolean closesScript(byte[] text) {
      byte[] tag = "</script".getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i + tag.length <= text.length; i++) {
        if (text[i] != '<' || text[i + 1] != '/') {
          continue;
        }
        int j = 2;
        while (j < tag.length && Character.toLowerCase(text[i + j]) == tag[j]) {
          j++;
        }
        if (j == tag.length) {
          return true;
        }
      }
      return false;
    }

    static String text(String name) {
      return TEXTS.computeIfAbsent(
          name,
          n -> {
            try (InputStream in = HtmlReport.class.getResourceAsStream(n)) {
              if (in == null) {
                throw new IllegalStateException("resource " + n + " missing from lstmlab-report");
              }
              return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException ex) {
              throw new UncheckedIOException("reading " + n, ex);
            }
          });
    }
  }
}
