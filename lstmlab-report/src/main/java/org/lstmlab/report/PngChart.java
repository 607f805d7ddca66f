package org.lstmlab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.RenderingHints;
import java.awt.Graphics2D;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws a report's main chart as a PNG for documents and terminals, with JFreeChart: the series
 * against each model's predictions and dashed forecasts, their interval bands shaded and the
 * held-out regions shaded behind (baselines stay in the HTML, where a reader picks them) or, in a report without a series, its
 * first {@link CurveChart} (each model's curve, the dashed labelled reference lines, a log-scale
 * y axis when the chart asks for one and its values allow it).
 *
 * <p>Colours are those of the HTML page ({@link Palette}), so the two read alike; strings are drawn
 * as text, never interpreted. Works without a display: {@code java.awt.headless} is set to true
 * when this class loads unless the application already chose. Stateless and thread-safe.
 */
public final class PngChart {

  static {
    // Before any AWT class asks: servers and CI have no display, and JFreeChart needs none.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** Smallest and largest accepted size in pixels, per side. */
  static final int MIN_SIDE = 200;

  static final int MAX_SIDE = 8000;

  private static final String FONT = Font.SANS_SERIF;
  private static final Color TEXT = new Color(0x0f172a);
  private static final Color MUTED = new Color(0x64748b);
  private static final Color GRID = new Color(0xe2e8f0);

  private PngChart() {}

  /**
   * Writes the main chart as a {@code width} × {@code height} PNG to {@code file}, atomically.
   *
   * @throws IllegalArgumentException if a side is outside [200, 8000] pixels
   * @throws IOException if the file cannot be written; the target is then left as it was
   */
  public static void write(Report report, Path file, int width, int height) throws IOException {
    Objects.requireNonNull(file, "file");
    JFreeChart chart = chart(report, width, height);
    AtomicFiles.write(file, out -> ChartUtils.writeChartAsPNG(out, chart, width, height));
  }

  /**
   * The main chart as the bytes of a {@code width} × {@code height} PNG, drawn in memory, for
   * callers that put it in a file of their own.
   *
   * @throws IllegalArgumentException if a side is outside [200, 8000] pixels
   */
  public static byte[] png(Report report, int width, int height) {
    JFreeChart chart = chart(report, width, height);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(1 << 16);
    try {
      ChartUtils.writeChartAsPNG(bytes, chart, width, height);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // memory does not fail to take bytes
    }
    return bytes.toByteArray();
  }

  /** The chart itself, for callers that render it elsewhere (a Swing panel, an SVG). */
  public static JFreeChart chart(Report report, int width, int height) {
    Objects.requireNonNull(report, "report");
    side(width, "width");
    side(height, "height");
    Map<String, String> colors = Palette.modelColors(report);
    // Scale strokes and fonts gently with the picture so a 2400 px PNG is not all hairlines.
    float scale = (float) Math.max(1.0, Math.min(width / 1000.0, height / 560.0));
    XYPlot plot = report.hasSeries()
        ? seriesPlot(report, colors, scale)
        : curvePlot(report.charts().get(0), colors, scale);
    return decorate(new JFreeChart(null, null, plot, true), report, scale);
  }

  /**
   * The series, each model's predictions, dashed forecasts over their interval bands, the shaded
   * regions, and a rule where the data end.
   */
  private static XYPlot seriesPlot(Report report, Map<String, String> colors, float scale) {
    XYSeriesCollection dataset = new XYSeriesCollection();
    Series s = report.series();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    Set<String> keys = new HashSet<>();

    int i = add(dataset, keys, s.name(), s.x(), s.values());
    renderer.setSeriesPaint(i, Palette.awt(Palette.ACTUAL));
    renderer.setSeriesStroke(i, solid(1.6f * scale));
    for (Trace t : report.predictions()) {
      i = add(dataset, keys, t.model(), t.x(), t.values());
      renderer.setSeriesPaint(i, Palette.awt(colors.get(t.model())));
      renderer.setSeriesStroke(i, solid(1.8f * scale));
    }
    for (Trace t : report.forecasts()) {
      i = add(dataset, keys, t.model() + " forecast", t.x(), t.values());
      renderer.setSeriesPaint(i, Palette.awt(colors.get(t.model())));
      renderer.setSeriesStroke(i, dashed(2.0f * scale));
    }
    renderer.setDrawSeriesLineAsPath(true);
    renderer.setLegendLine(new java.awt.geom.Line2D.Double(-11, 0, 11, 0));

    NumberAxis xAxis = s.isLabelled() ? new LabelAxis(s) : new NumberAxis(s.xName());
    xAxis.setAutoRangeIncludesZero(false);
    xAxis.setAutoRangeStickyZero(false);
    xAxis.setLowerMargin(0.01);
    xAxis.setUpperMargin(0.01);
    NumberAxis yAxis = new NumberAxis();
    yAxis.setAutoRangeIncludesZero(false);
    XYPlot plot = plot(dataset, xAxis, yAxis, renderer, scale);
    if (!report.bands().isEmpty()) {
      // A second dataset, drawn behind the lines (XYPlot draws the highest index first).
      YIntervalSeriesCollection bands = new YIntervalSeriesCollection();
      DeviationRenderer fill = new DeviationRenderer(false, false) {
        private static final long serialVersionUID = 1L;

        @Override // a filled swatch: a renderer without lines or shapes has no legend mark
        public org.jfree.chart.LegendItem getLegendItem(int datasetIndex, int series) {
          org.jfree.chart.LegendItem item = super.getLegendItem(datasetIndex, series);
          if (item == null) {
            return null;
          }
          Color c = (Color) lookupSeriesFillPaint(series);
          return new org.jfree.chart.LegendItem(item.getLabel(), null, null, null,
              new Rectangle2D.Double(-9, -5, 18, 10),
              new Color(c.getRed(), c.getGreen(), c.getBlue(), 60));
        }
      };
      fill.setAlpha(0.16f);
      for (Band b : report.bands()) {
        YIntervalSeries band = new YIntervalSeries(unique(keys, b.label()), false, true);
        double[] x = b.x();
        double[] lo = b.lower();
        double[] hi = b.upper();
        for (int j = 0; j < x.length; j++) {
          if (Double.isFinite(lo[j]) && Double.isFinite(hi[j])) {
            band.add(x[j], (lo[j] + hi[j]) / 2, lo[j], hi[j]);
          }
        }
        bands.addSeries(band);
        Color c = Palette.awt(colors.get(b.model()));
        fill.setSeriesFillPaint(bands.getSeriesCount() - 1, c);
        fill.setSeriesPaint(bands.getSeriesCount() - 1, c);
      }
      plot.setDataset(1, bands);
      plot.setRenderer(1, fill);
    }
    for (int j = 0; j < report.regions().size(); j++) {
      Region g = report.regions().get(j);
      IntervalMarker part = new IntervalMarker(g.from(), g.to());
      part.setPaint(new Color(100, 116, 139, j % 2 == 1 ? 36 : 18));
      part.setLabel(g.label());
      part.setLabelFont(new Font(FONT, Font.PLAIN, Math.round(11 * scale)));
      part.setLabelPaint(MUTED);
      part.setLabelBackgroundColor(new Color(255, 255, 255, 0));
      part.setOutlinePaint(null);
      part.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP);
      part.setLabelTextAnchor(TextAnchor.TOP_CENTER);
      plot.addDomainMarker(part, org.jfree.chart.ui.Layer.BACKGROUND);
    }
    if (!report.forecasts().isEmpty() && s.size() > 0) {
      double[] x = s.x();
      ValueMarker end = new ValueMarker(x[x.length - 1]);
      end.setPaint(new Color(0x94a3b8));
      end.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {2f, 3f}, 0f));
      end.setLabel("end of data");
      end.setLabelFont(new Font(FONT, Font.PLAIN, Math.round(11 * scale)));
      end.setLabelPaint(MUTED);
      end.setLabelBackgroundColor(new Color(255, 255, 255, 0));
      // At the bottom: the regions' labels take the top.
      end.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.BOTTOM_LEFT);
      end.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
      plot.addDomainMarker(end);
    }
    return plot;
  }

  /**
   * A curve chart: each model's curve (points marked while they stay apart), each reference line
   * dashed in slate with its label at the end of it the curves leave free ({@link
   * LabelPlacement}), on a log y axis when asked and possible. A reference is drawn as a two-point
   * series, so it sets the axis range and has a legend entry.
   */
  private static XYPlot curvePlot(CurveChart c, Map<String, String> colors, float scale) {
    XYSeriesCollection dataset = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    Set<String> keys = new HashSet<>();
    double x0 = Double.POSITIVE_INFINITY;
    double x1 = Double.NEGATIVE_INFINITY;
    boolean wholeSteps = true;
    double shape = 5 * scale;
    for (Trace t : c.curves()) {
      int i = add(dataset, keys, t.model(), t.x(), t.values());
      renderer.setSeriesPaint(i, Palette.awt(colors.get(t.model())));
      renderer.setSeriesStroke(i, solid(2.0f * scale));
      renderer.setSeriesShape(i, new Ellipse2D.Double(-shape / 2, -shape / 2, shape, shape));
      renderer.setSeriesShapesVisible(i, t.size() <= 60);
      for (double x : t.x()) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        wholeSteps &= x == Math.rint(x);
      }
    }
    if (x0 > x1) { // curves without points: give the references some width
      x0 = 0;
      x1 = 1;
    }
    boolean log = c.logScale() && c.logScaleUsable();
    for (ReferenceLine r : c.references()) {
      int i = add(dataset, keys, r.label(),
          new double[] {x0, x1}, new double[] {r.value(), r.value()});
      renderer.setSeriesPaint(i, Palette.awt(Palette.ACTUAL));
      renderer.setSeriesStroke(i, dashed(1.6f * scale));
      LabelPlacement.Place place = LabelPlacement.of(c, r);
      String text = place.atStart() ? " " + r.label() : r.label() + " "; // a space off the edge
      XYTextAnnotation label = new XYTextAnnotation(text, place.atStart() ? x0 : x1, r.value());
      label.setFont(new Font(FONT, Font.PLAIN, Math.round(12 * scale)));
      label.setPaint(Palette.awt(Palette.ACTUAL));
      label.setTextAnchor(place.atStart()
          ? (place.below() ? TextAnchor.TOP_LEFT : TextAnchor.BOTTOM_LEFT)
          : (place.below() ? TextAnchor.TOP_RIGHT : TextAnchor.BOTTOM_RIGHT));
      renderer.addAnnotation(label);
    }
    renderer.setDrawSeriesLineAsPath(true);
    renderer.setLegendLine(new java.awt.geom.Line2D.Double(-11, 0, 11, 0));

    NumberAxis xAxis = new NumberAxis(c.xName());
    xAxis.setAutoRangeIncludesZero(false);
    xAxis.setAutoRangeStickyZero(false);
    xAxis.setLowerMargin(0.01);
    xAxis.setUpperMargin(0.01);
    if (wholeSteps) {
      xAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    }
    ValueAxis yAxis;
    if (log) {
      yAxis = new DecadeAxis(c.yName());
    } else {
      NumberAxis axis = new NumberAxis(c.yName());
      axis.setAutoRangeIncludesZero(true); // as the HTML: a ratio to the reference reads off it
      yAxis = axis;
    }
    return plot(dataset, xAxis, yAxis, renderer, scale);
  }

  /** A plot on white with the report's axis styling: light horizontal grid, no outline. */
  private static XYPlot plot(XYSeriesCollection dataset, ValueAxis xAxis, ValueAxis yAxis,
      XYLineAndShapeRenderer renderer, float scale) {
    for (ValueAxis axis : new ValueAxis[] {xAxis, yAxis}) {
      axis.setLabelFont(new Font(FONT, Font.PLAIN, Math.round(13 * scale)));
      axis.setLabelPaint(MUTED);
      axis.setTickLabelFont(new Font(FONT, Font.PLAIN, Math.round(12 * scale)));
      axis.setTickLabelPaint(MUTED);
      axis.setAxisLinePaint(new Color(0xcbd5e1));
      axis.setTickMarkPaint(new Color(0xcbd5e1));
    }
    XYPlot plot = new XYPlot(dataset, xAxis, yAxis, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlineVisible(false);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinePaint(GRID);
    plot.setRangeGridlineStroke(solid(1f));
    plot.setAxisOffset(new RectangleInsets(4, 4, 4, 4));
    plot.setNoDataMessage("no data");
    return plot;
  }

  /** Title, description, legend and padding: the same frame around every plot. */
  private static JFreeChart decorate(JFreeChart chart, Report report, float scale) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    chart.getRenderingHints().put(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    chart.setPadding(new RectangleInsets(12 * scale, 14 * scale, 10 * scale, 18 * scale));
    TextTitle title = new TextTitle(report.title(), new Font(FONT, Font.BOLD, Math.round(18 * scale)));
    title.setPaint(TEXT);
    title.setHorizontalAlignment(HorizontalAlignment.LEFT);
    chart.setTitle(title);
    if (!report.description().isBlank()) {
      TextTitle sub = new TextTitle(report.description(), new Font(FONT, Font.PLAIN, Math.round(13 * scale)));
      sub.setPaint(MUTED);
      sub.setHorizontalAlignment(HorizontalAlignment.LEFT);
      sub.setPadding(new RectangleInsets(2, 0, 6, 0));
      sub.setMaximumLinesToDisplay(2);
      chart.addSubtitle(0, sub); // under the title, above the legend
    }
    LegendTitle legend = chart.getLegend();
    legend.setItemFont(new Font(FONT, Font.PLAIN, Math.round(13 * scale)));
    legend.setItemPaint(TEXT);
    legend.setFrame(BlockBorder.NONE);
    legend.setBackgroundPaint(Color.WHITE);
    legend.setPosition(RectangleEdge.TOP);
    legend.setHorizontalAlignment(HorizontalAlignment.LEFT);
    legend.setItemLabelPadding(new RectangleInsets(2, 4, 2, 14));
    return chart;
  }

  /** Adds a line to the dataset under a unique key (JFreeChart needs one) and returns its index. */
  private static int add(XYSeriesCollection dataset, Set<String> keys, String name, double[] x, double[] y) {
    XYSeries series = new XYSeries(unique(keys, name), false, true);
    for (int j = 0; j < x.length; j++) {
      // NaN is a gap: the renderer draws no segment to or from it.
      series.add(x[j], Double.isFinite(y[j]) ? y[j] : Double.NaN, false);
    }
    dataset.addSeries(series);
    return dataset.getSeriesCount() - 1;
  }

  /** {@code name}, or "name (2)", "name (3)", … when taken: JFreeChart needs unique keys. */
  private static String unique(Set<String> keys, String name) {
    String key = name;
    for (int n = 2; !keys.add(key); n++) {
      key = name + " (" + n + ")";
    }
    return key;
  }

  private static Stroke solid(float width) {
    return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  }

  private static Stroke dashed(float width) {
    return new BasicStroke(
        width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {3 * width, 2 * width}, 0f);
  }

  private static void side(int pixels, String what) {
    if (pixels < MIN_SIDE || pixels > MAX_SIDE) {
      throw new IllegalArgumentException(
          what + " is " + pixels + " px; expected " + MIN_SIDE + " to " + MAX_SIDE);
    }
  }

  /**
   * An x axis whose ticks read as the series' labels (dates, say), at whole rows only, spaced so
   * the labels do not overlap: NumberAxis guesses label width from the range's two ends, which for
   * labels says little, so this axis measures the labels themselves.
   */
  private static final class LabelAxis extends NumberAxis {
    private static final long serialVersionUID = 1L;
    private final transient Series series;

    LabelAxis(Series series) {
      super(series.xName());
      this.series = series;
      setStandardTickUnits(NumberAxis.createIntegerTickUnits());
      setNumberFormatOverride(new LabelFormat(series));
    }

    @Override
    protected double estimateMaximumTickLabelWidth(java.awt.Graphics2D g2, org.jfree.chart.axis.TickUnit unit) {
      java.awt.FontMetrics fm = g2.getFontMetrics(getTickLabelFont());
      List<String> labels = series.labels();
      int step = Math.max(1, labels.size() / 200); // a sample is enough to find the widest
      double widest = fm.stringWidth("+00");
      for (int j = 0; j < labels.size(); j += step) {
        widest = Math.max(widest, fm.stringWidth(labels.get(j)));
      }
      RectangleInsets insets = getTickLabelInsets();
      return widest + insets.getLeft() + insets.getRight() + fm.getHeight();
    }
  }

  /**
   * A vertical base-10 log axis with ticks where people read them: labelled at 1, 2 and 5 × 10^k
   * (at 10^k alone when the range spans more than 2.5 decades; at every whole multiple when fewer
   * than three of those fall in it), unlabelled minor ticks at the other whole multiples, labels
   * written as the HTML writes them (0.001 and 1e-4, not 10^-3). LogAxis's own ticks fall at
   * fractional powers (0.63096) when the range is short.
   */
  private static final class DecadeAxis extends LogAxis {
    private static final long serialVersionUID = 1L;

    DecadeAxis(String label) {
      super(label);
      setBase(10);
      setMinorTickMarksVisible(true);
    }

    @Override
    protected List<ValueTick> refreshTicksVertical(
        Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
      double lo = getLowerBound();
      double hi = getUpperBound();
      List<ValueTick> ticks = new ArrayList<>();
      if (!(lo > 0) || !(hi > lo)) {
        return ticks;
      }
      boolean fewDecades = Math.log10(hi / lo) <= 2.5;
      List<Double> values = new ArrayList<>();
      List<Integer> multiples = new ArrayList<>();
      for (int k = (int) Math.floor(Math.log10(lo)); k <= (int) Math.ceil(Math.log10(hi)); k++) {
        for (int m = 1; m <= 9; m++) {
          double v = m * Math.pow(10, k);
          if (v >= lo && v <= hi) {
            values.add(v);
            multiples.add(m);
          }
        }
      }
      int majors = 0;
      for (int m : multiples) {
        majors += m == 1 || (fewDecades && (m == 2 || m == 5)) ? 1 : 0;
      }
      TextAnchor anchor =
          edge == RectangleEdge.RIGHT ? TextAnchor.CENTER_LEFT : TextAnchor.CENTER_RIGHT;
      for (int i = 0; i < values.size(); i++) {
        int m = multiples.get(i);
        // Under a decade of range leaves one or two of 1, 2, 5: then every multiple is labelled.
        boolean major = majors < 3 || m == 1 || (fewDecades && (m == 2 || m == 5));
        double v = values.get(i);
        ticks.add(new NumberTick(major ? TickType.MAJOR : TickType.MINOR, v,
            major ? Numbers.plain(v).replaceFirst("\\.?0+e", "e") : "", anchor, anchor, 0.0));
      }
      return ticks;
    }
  }

  /** Tick labels of a labelled axis: the row's label, or +k past the end (as the HTML shows). */
  private static final class LabelFormat extends NumberFormat {
    private static final long serialVersionUID = 1L;
    private final transient Series series;

    LabelFormat(Series series) {
      this.series = series;
    }

    @Override
    public StringBuffer format(double number, StringBuffer to, FieldPosition pos) {
      long i = Math.round(number);
      if (!series.futureLabels().isEmpty() && i >= series.size() + series.futureLabels().size()) {
        return to; // the axis' margin past a forecast's last time: no row there to name
      }
      return to.append(series.labelAt(number));
    }

    @Override
    public StringBuffer format(long number, StringBuffer to, FieldPosition pos) {
      return to.append(series.labelAt(number));
    }

    @Override
    public Number parse(String source, ParsePosition pos) {
      return null;
    }
  }
}
