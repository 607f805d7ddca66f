package org.lstmlab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The PNG: a real image of the asked size, with something drawn on it, in the page's colours. */
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
