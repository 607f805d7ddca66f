package org.lstmlab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * What a forecast report adds to the chart: held-out regions, interval bands, baselines drawn on
 * demand, the forecast's own times past the data, and the replay command.
 */
class ForecastPartsTest {

  private static final List<String> MONTHS = List.of("2024-01", "2024-02", "2024-03", "2024-04",
      "2024-05", "2024-06", "2024-07", "2024-08", "2024-09", "2024-10");

  private static Report report() {
    double[] y = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    return Report.builder("forecast")
        .series(Series.labelled("y", "month", MONTHS, y)
            .continuedBy(List.of("2024-11", "2024-12", "2025-01")))
        .prediction(Trace.from("LSTM", 3, new double[] {4, 5, 6, 7, 8, 9, 10}))
        .baseline(Trace.from("naive", 3, new double[] {3, 4, 5, 6, 7, 8, 9}))
        .forecast(Trace.from("LSTM", 10, new double[] {11, 12, 13}))
        .band(Band.of("LSTM", "LSTM 80% interval", new double[] {10, 11, 12},
            new double[] {10, 10.5, 11}, new double[] {12, 13.5, 15}))
        .region(Region.of("validation", 5.5, 7.5))
        .region(Region.of("test", 7.5, 9.5))
        .command("lstmlab train --data 'my data.csv' --target y --out m.safetensors")
        .build();
  }

  @Test
  void render_forecastParts_inTheChartData() throws Exception {
    String page = HtmlReport.render(report());
    JsonNode d = HtmlReportTest.data(page);

    assertThat(d.at("/series/labels")).hasSize(13); // the data's 10 months, then the forecast's 3
    assertThat(d.at("/series/labels/12").asText()).isEqualTo("2025-01");
    assertThat(d.at("/baselines/0/name").asText()).isEqualTo("naive");
    assertThat(d.at("/bands/0/points/2").toString()).isEqualTo("[12.0,11.0,15.0]");
    assertThat(d.at("/bands/0/color").asText()).isEqualTo(d.at("/forecasts/0/color").asText());
    assertThat(d.at("/regions/1/label").asText()).isEqualTo("test");
    assertThat(d.at("/regions/1/from").asDouble()).isEqualTo(7.5);
    assertThat(page).contains("Replay: <code>lstmlab train --data &#39;my data.csv&#39; --target y"
        + " --out m.safetensors</code>");
  }

  @Test
  void labelAt_pastTheData_readsTheForecastTimes() {
    Series s = report().series();

    assertThat(s.labelAt(9)).isEqualTo("2024-10");
    assertThat(s.labelAt(10)).isEqualTo("2024-11");
    assertThat(s.labelAt(12)).isEqualTo("2025-01");
    assertThat(s.labelAt(13)).isEqualTo("+4"); // past the forecast's times too
    assertThatThrownBy(() -> Series.of("y", new double[] {1}).continuedBy(List.of("x")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("numeric");
  }

  @Test
  void of_badBandsAndRegions_sayWhatIsWrong() {
    assertThatThrownBy(() -> Band.of("M", "M 80%", new double[] {1, 2}, new double[] {0, 3},
        new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("band 'M 80%': lower[1] = 3.0 lies above upper[1] = 2.0");
    assertThatThrownBy(() -> Region.of("test", 5, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected finite from <= to");
    assertThatThrownBy(() -> Report.builder("r").chart(CurveChart.builder("c", "x", "y")
            .curve("M", new double[] {1}, new double[] {1}).build())
        .region(Region.of("test", 0, 1)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has regions but no series");
  }

  /** The PNG shades the band in the model's colour and the held-out regions in grey. */
  @Test
  void png_bandAndRegion_shaded() throws Exception {
    Report r = report();
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(PngChart.png(r, 800, 400)));
    var chart = PngChart.chart(r, 800, 400);
    var info = new org.jfree.chart.ChartRenderingInfo();
    chart.createBufferedImage(800, 400, info);
    var area = info.getPlotInfo().getDataArea();
    var plot = chart.getXYPlot();
    double xBand = plot.getDomainAxis().valueToJava2D(12, area, plot.getDomainAxisEdge());
    double yBand = plot.getRangeAxis().valueToJava2D(14.5, area, plot.getRangeAxisEdge());
    int band = img.getRGB((int) xBand - 2, (int) yBand);
    // The LSTM's blue #2563eb at 16% over white: more blue than red, clearly not white.
    int red = (band >> 16) & 0xff;
    int blue = band & 0xff;
    assertThat(blue).isGreaterThan(red + 15);
    assertThat(red).isLessThan(250);
    double xTest = plot.getDomainAxis().valueToJava2D(8.5, area, plot.getDomainAxisEdge());
    double yLow = plot.getRangeAxis().valueToJava2D(2, area, plot.getRangeAxisEdge());
    int grey = img.getRGB((int) xTest, (int) yLow);
    // Slate #64748b at 14% over white: a light grey, a touch bluer than red.
    assertThat((grey >> 16) & 0xff).isBetween(195, 245);
    assertThat(grey & 0xff).isGreaterThan((grey >> 16) & 0xff);
  }
}
