package org.lstmlab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The PNG: a real image of the asked size, with something drawn on it, in the page's colours; for
 * a report without a series, its loss chart with the baseline, on a log axis.
 */
class PngChartTest {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"400, 300", "1200, 640", "2400, 1200"})
  void write_sample_validPngOfRequestedSize(int width, int height, @TempDir Path dir) throws IOException {
    Path file = dir.resolve("chart.png");

    PngChart.write(SampleReports.sine(), file, width, height);

    byte[] bytes = Files.readAllBytes(file);
    assertThat(bytes).startsWith(PNG_SIGNATURE);
    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(width);
    assertThat(image.getHeight()).isEqualTo(height);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void write_sample_drawsLinesInThePagesColours(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("chart.png");
    PngChart.write(SampleReports.sine(), file, 1200, 640);
    BufferedImage image = ImageIO.read(file.toFile());

    Set<Integer> colours = new HashSet<>();
    int nonWhite = 0;
    int lstm = 0;
    int rnn = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        nonWhite += rgb == 0xffffff ? 0 : 1;
        lstm += near(rgb, Palette.awt("#2563eb")) ? 1 : 0;
        rnn += near(rgb, Palette.awt("#ea580c")) ? 1 : 0;
      }
    }

    // Antialiased lines and text give hundreds of shades; a blank or failed render gives a handful.
    assertThat(colours).hasSizeGreaterThan(200);
    assertThat(nonWhite).isGreaterThan(image.getWidth() * image.getHeight() / 50);
    assertThat(lstm).as("pixels in LSTM blue").isGreaterThan(1000);
    assertThat(rnn).as("pixels in RNN orange").isGreaterThan(1000);
  }

  @Test
  void write_labelledSeriesWithoutTraces_stillDraws(@TempDir Path dir) throws IOException {
    Report r =
        Report.builder("daily")
            .series(Series.labelled("y", "date", SampleReports.days(90), SampleReports.noisySine(90, 1)))
            .build();
    Path file = dir.resolve("daily.png");

    PngChart.write(r, file, 800, 400);

    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image.getWidth()).isEqualTo(800);
    assertThat(countNear(image, Palette.awt(Palette.ACTUAL))).isGreaterThan(300);
  }

  @Test
  void write_emptySeries_drawsAnEmptyChart(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("empty.png");

    PngChart.write(Report.builder("empty").series(Series.of("y", new double[0])).build(), file, 300, 200);

    assertThat(ImageIO.read(file.toFile()).getHeight()).isEqualTo(200);
  }

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"199, 400", "400, 8001", "0, 0"})
  void write_sizeOutOfRange_throwsNamingTheSide(int width, int height, @TempDir Path dir) {
    assertThatThrownBy(() -> PngChart.write(SampleReports.sine(), dir.resolve("x.png"), width, height))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(width < 200 ? "width is " + width : "height is " + height)
        .hasMessageContaining("expected 200 to 8000");
    assertThat(dir.resolve("x.png")).doesNotExist();
  }

  @Test
  void write_chartOnlyReport_validPngOfRequestedSize(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("adding.png");

    PngChart.write(SampleReports.adding(), file, 1200, 600);

    assertThat(Files.readAllBytes(file)).startsWith(PNG_SIGNATURE);
    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image.getWidth()).isEqualTo(1200);
    assertThat(image.getHeight()).isEqualTo(600);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  /**
   * The adding sample without a series: its loss chart on a log axis labelled at decades, each
   * model's points where that axis puts them, and the baseline as a dashed slate line at 0.181.
   */
  @Test
  void chart_chartOnlyReport_drawsTheLossChartOnALogAxisWithTheBaselineDashed() {
    JFreeChart chart = PngChart.chart(SampleReports.adding(), 1200, 600);
    XYPlot plot = chart.getXYPlot();
    ChartRenderingInfo info = new ChartRenderingInfo();
    BufferedImage image = chart.createBufferedImage(1200, 600, info);
    Rectangle2D area = info.getPlotInfo().getDataArea();
    ValueAxis x = plot.getDomainAxis();
    ValueAxis y = plot.getRangeAxis();

    assertThat(y).isInstanceOf(LogAxis.class);
    assertThat(y.getLabel()).isEqualTo("test MSE");
    assertThat(x.getLabel()).isEqualTo("step");
    assertThat(plot.getDataset().getSeriesKey(2)).isEqualTo("baseline (predict 1): 0.181");
    Graphics2D g = image.createGraphics();
    List<String> labels = tickLabels(y, g, area);
    g.dispose();
    // 0.0010 to 1.29 spans more than 2.5 decades: labels at the decades only.
    assertThat(labels).containsExactly("0.001", "0.01", "0.1", "1");

    // The LSTM's points at steps 1000 (0.0045) and 1750 (0.0010): blue where the log axis says.
    for (double[] p : new double[][] {{1000, 0.0045}, {1750, 0.0010}, {0, 1.290}}) {
      int px = (int) Math.round(x.valueToJava2D(p[0], area, RectangleEdge.BOTTOM));
      int py = (int) Math.round(y.valueToJava2D(p[1], area, RectangleEdge.LEFT));
      assertThat(countNear(image, Palette.awt("#2563eb"), px - 3, py - 3, px + 3, py + 3))
          .as("LSTM blue at step %s, %s", p[0], p[1]).isGreaterThan(10);
    }

    // The baseline: along its row, slate dashes across the plot (gaps between them, many runs).
    int row = (int) Math.round(y.valueToJava2D(0.181, area, RectangleEdge.LEFT));
    int runs = 0;
    int slate = 0;
    boolean inRun = false;
    for (int px = (int) area.getMinX(); px < area.getMaxX(); px++) {
      boolean on = false;
      for (int dy = -1; dy <= 1; dy++) { // the 1.6 px stroke's core falls on one of these rows
        on |= near(image.getRGB(px, row + dy) & 0xffffff, Palette.awt(Palette.ACTUAL));
      }
      slate += on ? 1 : 0;
      runs += on && !inRun ? 1 : 0;
      inRun = on;
    }
    assertThat(runs).as("dashes along the baseline").isGreaterThan(50);
    assertThat(slate).isGreaterThan((int) (area.getWidth() * 0.3));
  }

  @Test
  void chart_logScaleAskedButAValueIsZero_fallsBackToLinearFromZero() {
    CurveChart c = CurveChart.builder("loss", "step", "mse").logScale(true)
        .curve("lstm", new double[] {0, 10, 20}, new double[] {1.0, 0.3, 0.0})
        .reference("baseline", 0.5)
        .build();
    XYPlot plot = PngChart.chart(Report.builder("zero").chart(c).build(), 800, 400).getXYPlot();

    assertThat(plot.getRangeAxis()).isNotInstanceOf(LogAxis.class);
    assertThat(plot.getRangeAxis().getLowerBound()).isLessThanOrEqualTo(0.0);
  }

  @Test
  void chart_shortLogRange_labelsEveryWholeMultiple() {
    CurveChart c = CurveChart.builder("loss", "step", "mse").logScale(true)
        .curve("rnn", new double[] {0, 10, 20}, new double[] {0.9, 0.3, 0.2})
        .build();
    JFreeChart chart = PngChart.chart(Report.builder("short").chart(c).build(), 800, 400);
    ChartRenderingInfo info = new ChartRenderingInfo();
    BufferedImage image = chart.createBufferedImage(800, 400, info);
    Graphics2D g = image.createGraphics();

    List<String> labels = tickLabels(chart.getXYPlot().getRangeAxis(), g, info.getPlotInfo().getDataArea());
    g.dispose();

    // Only 0.2 and 0.5 of 1, 2, 5 fall in [0.2, 0.9]: every multiple is labelled instead.
    assertThat(labels).containsExactly("0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9");
  }

  @Test
  void chart_reportWithSeriesAndCharts_stillDrawsTheSeries() {
    Report r = Report.builder("both")
        .series(Series.of("actual", SampleReports.noisySine(50, 1)))
        .chart(SampleReports.adding().charts().get(0))
        .build();

    XYPlot plot = PngChart.chart(r, 800, 400).getXYPlot();

    assertThat(plot.getDataset().getSeriesKey(0)).isEqualTo("actual");
    assertThat(plot.getRangeAxis()).isNotInstanceOf(LogAxis.class);
  }

  /** The labelled ticks of a vertical axis at the left, in order. */
  private static List<String> tickLabels(ValueAxis axis, Graphics2D g, Rectangle2D area) {
    List<?> ticks = axis.refreshTicks(g, new AxisState(), area, RectangleEdge.LEFT);
    return ticks.stream().map(t -> ((ValueTick) t).getText()).filter(t -> !t.isEmpty()).toList();
  }

  private static int countNear(BufferedImage image, Color c, int x0, int y0, int x1, int y1) {
    int n = 0;
    for (int y = Math.max(0, y0); y <= Math.min(image.getHeight() - 1, y1); y++) {
      for (int x = Math.max(0, x0); x <= Math.min(image.getWidth() - 1, x1); x++) {
        n += near(image.getRGB(x, y) & 0xffffff, c) ? 1 : 0;
      }
    }
    return n;
  }

  private static int countNear(BufferedImage image, Color c) {
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        n += near(image.getRGB(x, y) & 0xffffff, c) ? 1 : 0;
      }
    }
    return n;
  }

  /** Within 40 per channel: the line's own colour, give or take antialiasing at its core. */
  private static boolean near(int rgb, Color c) {
    return Math.abs(((rgb >> 16) & 0xff) - c.getRed()) < 40
        && Math.abs(((rgb >> 8) & 0xff) - c.getGreen()) < 40
        && Math.abs((rgb & 0xff) - c.getBlue()) < 40;
  }
}
