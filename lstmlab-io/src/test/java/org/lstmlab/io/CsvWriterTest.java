package org.lstmlab.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvWriterTest {

  @TempDir Path dir;

  @Test
  void writePredictions_unknownActual_isEmptyCell() throws IOException {
    Path file = dir.resolve("pred.csv");
    CsvWriter.writePredictions(
        file,
        List.of("2024-01-01", "2024-01-02", "next, day"),
        new float[] {1.5f, -2f, Float.NaN},
        new float[] {1.25f, -1.75f, 0.5f});
    assertThat(file)
        .hasContent(
            "index,actual,prediction\n"
                + "2024-01-01,1.5,1.25\n"
                + "2024-01-02,-2.0,-1.75\n"
                + "\"next, day\",,0.5\n");
    assertThat(TestFiles.list(dir)).containsExactly("pred.csv");
  }

  @Test
  void writePredictions_noActual_leavesColumnEmpty_andReadsBack() throws IOException {
    Path file = dir.resolve("pred.csv");
    float[] pred = {0.1f, 1f / 3, -7e-8f};
    CsvWriter.writePredictions(file, List.of("0", "1", "2"), null, pred);
    assertThat(Files.readAllLines(file)).element(1).asString().startsWith("0,,");
    // Float.toString reads back as the same float.
    CsvSeries back = CsvSeries.read(file, "prediction", List.of(), Optional.of("index"));
    assertThat(back.targetValues()).containsExactly(pred);
  }

  @Test
  void writePredictions_lengthsDiffer_throwsAndKeepsOldFile() throws IOException {
    Path file = dir.resolve("pred.csv");
    Files.writeString(file, "old");
    assertThatThrownBy(
            () -> CsvWriter.writePredictions(file, List.of("0"), new float[2], new float[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("index (1), actual (2) and prediction (1) must have the same length");
    assertThat(file).hasContent("old");
  }

  @Test
  void writePredictions_nonFinitePrediction_throws() {
    assertThatThrownBy(
            () ->
                CsvWriter.writePredictions(
                    dir.resolve("p.csv"), List.of("0"), null, new float[] {Float.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("prediction 0 is NaN; predictions must be finite");
    assertThat(TestFiles.list(dir)).isEmpty();
  }

  @Test
  void write_rows_quotesWhereNeeded() throws IOException {
    Path file = dir.resolve("t.csv");
    CsvWriter.write(file, List.of("a", "b"), List.of(List.of(1, "x\"y"), List.of(2.5, "")));
    assertThat(file).hasContent("a,b\n1,\"x\"\"y\"\n2.5,\n");
  }
}
