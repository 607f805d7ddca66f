package org.lstmlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlab.io.ModelFile;

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

  @Test
  void case4_hiddenThatOverflowsAnArray_isAUsageErrorNamingTheFlag() {
    Path model = dir.resolve("m.safetensors");
    MainTest.Run r = Cli.run("train", "--data", data, "--target", "value", "--hidden", 30000,
        "--out", model);
    assertOneLine(r, Main.USAGE, "lstmlab: --hidden 30000 is too large:"
        + " parameter 'rnn.weight_hh_l0' (120000, 30000) would hold 3,600,000,000 values, more"
        + " than a Java array can (2,147,483,639) (see 'lstmlab train --help')");
    assertThat(model).doesNotExist();
  }

  @Test
  void case4_windowsThatOverflowAnArray_failNamingTheFileAndTheSizes() {
    // 100 001 windows of 50 000: 5·10⁹ values, which wrapped to 705 082 704 in int arithmetic.
    Path big = dir.resolve("big.csv");
    assertThat(Cli.run("generate", "--out", big, "--points", 150_000).code()).isEqualTo(Main.OK);
    Path model = dir.resolve("m.safetensors");
    MainTest.Run r = Cli.run("train", "--data", big, "--target", "value", "--window", 50_000,
        "--out", model);
    assertOneLine(r, Main.FAILURE, "lstmlab: " + big + ": windows of 50000 over 150000 rows: x"
        + " (100000, 50000, 1) would hold 5,000,000,000 values, more than a Java array can"
        + " (2,147,483,639)");
    assertThat(model).doesNotExist();
  }

  @Test
  void case4_forecastBeyondTheBound_isAUsageError() {
    Path model = dir.resolve("m.safetensors");
    assertThat(Cli.run("train", "--data", data, "--target", "value", "--hidden", 3, "--window", 4,
        "--epochs", 1, "--out", model).code()).isEqualTo(Main.OK);
    Path preds = dir.resolve("p.csv");
    MainTest.Run r = Cli.run("predict", "--model", model, "--data", data, "--forecast",
        10_000_000, "--out", preds);
    assertOneLine(r, Main.USAGE, "lstmlab: --forecast must be at most 100000, got 10000000"
        + " (see 'lstmlab predict --help')");
    assertThat(preds).doesNotExist();
  }

  @Test
  void case7_escapeSequencesFromACsvCell_reachTheTerminalEscaped() {
    Path bad = Cli.file(dir, "bad.csv", "t,value", "0,1", "1,\u001b]0;title\u0007\u001b[2J");
    MainTest.Run r = Cli.run("train", "--data", bad, "--target", "value", "--out",
        dir.resolve("m.safetensors"));
    assertOneLine(r, Main.FAILURE, "lstmlab: " + bad + " line 3, column 'value':"
        + " '\\u001B]0;title\\u0007\\u001B[2J' is not a number");
    assertThat(r.err()).doesNotContain("\u001b");
  }

  @Test
  void case8_quizFileOfANullQuestion_isOneLineNamingTheFile() {
    Path quiz = Cli.file(dir, "quiz.json", "[null]");
    MainTest.Run r = Cli.run("quiz", "--file", quiz);
    assertOneLine(r, Main.FAILURE, "lstmlab: " + quiz + " question 1: is null; write a question"
        + " object {\"question\": ..., ...}");
  }

  @Test
  void case6_outputThatIsALinkToTheInput_isAUsageError() throws Exception {
    byte[] before = Files.readAllBytes(data);
    Path link = Files.createSymbolicLink(dir.resolve("link.csv"), data.getFileName());
    MainTest.Run r = Cli.run("train", "--data", link, "--target", "value", "--hidden", 3,
        "--epochs", 1, "--out", data);
    assertOneLine(r, Main.USAGE, "lstmlab: --out " + data + " is also an input; write to another"
        + " file (see 'lstmlab train --help')");
    assertThat(Files.readAllBytes(data)).isEqualTo(before);
  }

  @Test
  void case8_valuesThatOverflowWhenScaled_failNamingTheFileAndRow() {
    // The training part is 3e38 throughout (scale 1); -3e38 later scales to -6e38.
    String[] lines = new String[41];
    lines[0] = "t,value";
    for (int i = 1; i <= 40; i++) {
      lines[i] = i + "," + (i <= 36 ? "3e38" : "-3e38");
    }
    Path big = Cli.file(dir, "big.csv", lines);
    MainTest.Run r = Cli.run("train", "--data", big, "--target", "value", "--window", 4,
        "--epochs", 1, "--out", dir.resolve("m.safetensors"));
    assertOneLine(r, Main.FAILURE, "lstmlab: " + big + ": row 37: -3.0E38 scales to -Infinity"
        + " with the standard scaler (shift 3.0000000054977558E38, scale 1.0), beyond float's"
        + " range (±3.4e38)");
  }

  @Test
  void case8_unresolvableServeHost_isAUsageError() {
    MainTest.Run r = Cli.run("serve", "--host", "999.1.1.1", "--port", 0);
    assertOneLine(r, Main.USAGE, "lstmlab: --host 999.1.1.1 is neither an IP address nor a host"
        + " name that resolves; the default is 127.0.0.1 (see 'lstmlab serve --help')");
  }

  /** A trained model whose stored config has {@code scaler} replaced by {@code scaler}. */
  Path modelWithScaler(JsonNode scaler) throws Exception {
    Path model = dir.resolve("m.safetensors");
    assertThat(Cli.run("train", "--data", data, "--target", "value", "--hidden", 3, "--window", 4,
        "--epochs", 1, "--out", model).code()).isEqualTo(Main.OK);
    ModelFile.LoadedModel m = ModelFile.load(model);
    ObjectNode config = m.spec().config();
    ((ObjectNode) config.get("series").get(0)).set("scaler", scaler); // the run record's place
    ModelFile.save(model, m.model(), m.spec().toBuilder().config(config).build());
    return model;
  }

  @Test
  void case8_modelWhoseScalerOverflows_failsInsteadOfWritingInfinity() throws Exception {
    ObjectNode sc = Json.object();
    sc.put("scaler", "standard").put("scaler.mean", "0").put("scaler.std", "1e300");
    Path model = modelWithScaler(sc);
    Path preds = dir.resolve("p.csv");
    MainTest.Run r = Cli.run("predict", "--model", model, "--data", data, "--out", preds);
    assertThat(r.code()).as(r.err()).isEqualTo(Main.FAILURE);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.errLines()[0]).startsWith("lstmlab: " + model + ": prediction row 1: ")
        .contains("scales back to ").endsWith(" with the standard scaler (shift 0.0, scale"
            + " 1.0E300), beyond float's range (±3.4e38)");
    assertThat(preds).doesNotExist();
  }

  @Test
  void case12_scalerThatIsNotAnObject_isAnError() throws Exception {
    Path model = modelWithScaler(TextNode.valueOf("standard"));
    MainTest.Run r = Cli.run("evaluate", "--model", model, "--data", data);
    assertOneLine(r, Main.FAILURE, "lstmlab: " + model + ": config.series[0].scaler must be an"
        + " object, got \"standard\"");
  }
}
