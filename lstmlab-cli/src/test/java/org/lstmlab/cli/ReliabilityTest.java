package org.lstmlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cases of issue 11 ("Reliability and security") through the command line, one test each,
 * named after the case: each failed before its fix. Every failure is one line naming the file or
 * the flag, a non-zero exit, no Java exception name, and the files as they were.
 */
class ReliabilityTest {

  static final byte[] OLD = "an existing model that must survive".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  Path data;

  @BeforeEach
  void series() {
    data = Cli.notebookCsv(dir, 40);
  }

  static void assertOneLine(MainTest.Run r, int code, String line) {
    assertThat(r.code()).as(r.err()).isEqualTo(code);
    assertThat(r.errLines()).as(r.err()).containsExactly(line);
    assertThat(r.err()).doesNotContain("Exception", "\tat ", ".tmp");
  }

  @Test
  void case1_trainReportFails_keepsTheOldModelAndLeavesNoTemporaryFile() throws Exception {
    Path model = dir.resolve("m.safetensors");
    Files.write(model, OLD);
    Path rep = Files.createDirectory(dir.resolve("rep"));
    Files.createDirectory(rep.resolve(ReportFiles.HTML)); // the report cannot be written
    MainTest.Run r = Cli.run("train", "--data", data, "--target", "value", "--hidden", 3,
        "--window", 4, "--epochs", 1, "--out", model, "--report", rep);
    assertOneLine(r, Main.FAILURE,
        "lstmlab: " + rep.resolve(ReportFiles.HTML) + ": is a directory, not a file");
    assertThat(Files.readAllBytes(model)).isEqualTo(OLD);
    assertThat(Cli.listing(dir)).containsExactly("m.safetensors", "rep", "series.csv");
    assertThat(Cli.listing(rep)).containsExactly(ReportFiles.HTML);
  }
}
