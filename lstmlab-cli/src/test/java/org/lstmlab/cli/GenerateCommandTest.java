package org.lstmlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lstmlab.core.data.NotebookSeries;

class GenerateCommandTest {

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"100, 0.5, 42", "7, 0, 1", "1, 2.5, -3"})
  void generate_writesTheNotebookSeriesExactly(int points, double noise, long seed)
      throws Exception {
    Path f = dir.resolve("s.csv");
    MainTest.Run r = Cli.run("generate", "--out", f, "--points", points, "--noise", noise,
        "--seed", seed);
    assertThat(r.code()).isEqualTo(Main.OK);
    assertThat(r.out()).startsWith(f + ": " + points + " points");
    List<String> lines = Files.readAllLines(f);
    assertThat(lines).hasSize(points + 1);
    assertThat(lines.get(0)).isEqualTo("t,value");
    double[] t = NotebookSeries.time(points);
    double[] v = NotebookSeries.values(points, noise, seed);
    for (int i = 0; i < points; i++) {
      String[] cells = lines.get(i + 1).split(",");
      assertThat(Double.parseDouble(cells[0])).isCloseTo(t[i], within(5e-7));
      assertThat(Double.parseDouble(cells[1])).isEqualTo(v[i]);
    }
    assertThat(Cli.listing(dir)).containsExactly("s.csv"); // no temporary file left
  }

  @Test
  void generate_defaults_areTheNotebooks() throws Exception {
    Path f = dir.resolve("s.csv");
    assertThat(Cli.run("generate", "--out", f).code()).isEqualTo(Main.OK);
    List<String> lines = Files.readAllLines(f);
    assertThat(lines).hasSize(101);
    assertThat(lines.get(100).split(",")[0]).isEqualTo("31.415927"); // 10π to 6 decimals
    assertThat(lines.get(1).split(",")[0]).isEqualTo("0");
    assertThat(Double.parseDouble(lines.get(1).split(",")[1]))
        .isEqualTo(NotebookSeries.values(42)[0]);
  }

  @Test
  void generate_replacesAnExistingFileWhole() throws Exception {
    Path f = Cli.file(dir, "s.csv", "old,content", "1,2");
    assertThat(Cli.run("generate", "--out", f, "--points", 3).code()).isEqualTo(Main.OK);
    assertThat(Files.readAllLines(f)).hasSize(4).first().isEqualTo("t,value");
  }

  @Test
  void generate_intoAMissingDirectory_failsWithOneLine_andWritesNothing() {
    Path f = dir.resolve("no/such/dir/s.csv");
    MainTest.Run r = Cli.run("generate", "--out", f);
    assertThat(r.code()).isEqualTo(Main.FAILURE);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).startsWith("lstmlab: " + f + ": directory ").contains("does not exist");
    assertThat(Cli.listing(dir)).isEmpty();
  }
}
