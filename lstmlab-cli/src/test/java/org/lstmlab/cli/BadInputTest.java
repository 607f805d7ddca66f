package org.lstmlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every kind of bad input, through every command that reads it: one line on stderr naming the file
 * and what is wrong, exit 1 (a bad file) or 2 (a bad flag), no stack trace, and the output file
 * neither created nor changed: each test starts with an output file holding known bytes.
 */
class BadInputTest {

  static final byte[] OLD = "an existing output that must survive".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  Path out;
  Path goodData;
  Path goodModel;

  @BeforeEach
  void files() throws Exception {
    goodData = Cli.notebookCsv(dir, 30);
    goodModel = dir.resolve("good.safetensors");
    MainTest.Run r = Cli.run("train", "--data", goodData, "--target", "value", "--hidden", 3,
        "--window", 4, "--epochs", 1, "--out", goodModel);
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    out = dir.resolve("out.file");
    Files.write(out, OLD);
  }

  /** What every failing run must leave: the code, one line starting as given, files as they were. */
  void assertFailed(MainTest.Run r, int code, String start) throws Exception {
    List<String> before = List.of("good.safetensors", "out.file", "series.csv");
    assertThat(r.code()).as(r.err()).isEqualTo(code);
    assertThat(r.errLines()).as(r.err()).hasSize(1);
    assertThat(r.errLines()[0]).startsWith(start);
    assertThat(r.err()).doesNotContain("\tat ", "Exception");
    assertThat(r.out()).isEmpty();
    assertThat(Files.readAllBytes(out)).isEqualTo(OLD);
    assertThat(Cli.listing(dir)).containsAll(before).allMatch(n -> !n.endsWith(".tmp"));
  }

  /** The bad CSV contents, by name. */
  static byte[] csv(String kind) {
    switch (kind) {
      case "empty": return new byte[0];
      case "blank-lines": return "\n\n  \n".getBytes(StandardCharsets.UTF_8);
      case "header-only": return "t,value\n".getBytes(StandardCharsets.UTF_8);
      case "missing-column": return "t,price\n0,1\n1,2\n".getBytes(StandardCharsets.UTF_8);
      case "non-numeric": return "t,value\n0,1\n1,abc\n".getBytes(StandardCharsets.UTF_8);
      case "blank-cell": return "t,value\n0,1\n1,\n".getBytes(StandardCharsets.UTF_8);
      case "nan-cell": return "t,value\n0,1\n1,2\n2,NaN\n".getBytes(StandardCharsets.UTF_8);
      case "ragged-row": return "t,value\n0,1\n1\n".getBytes(StandardCharsets.UTF_8);
      case "binary": {
        byte[] b = new byte[256];
        for (int i = 0; i < b.length; i++) {
          b[i] = (byte) (i * 37 + 11);
        }
        return b;
      }
      case "short": return "t,value\n0,1\n1,2\n2,3\n".getBytes(StandardCharsets.UTF_8);
      default: throw new IllegalArgumentException(kind);
    }
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
    "empty          | : the file is empty; it needs a header row",
    "blank-lines    | : the file is empty",
    "header-only    | : no data rows after the header",
    "missing-column | : no column 'value'; the columns are t, price",
    "non-numeric    | @ line 3, column 'value': 'abc' is not a number",
    "blank-cell     | @ line 3, column 'value': empty value",
    "nan-cell       | @ line 4, column 'value': 'NaN' is not a finite number",
    "ragged-row     | @ line 3: 1 value, but the header has 2 columns",
    "binary         | : is not UTF-8 text",
  })
  void badCsv_everyCommandThatReadsIt_failsNamingFileAndPlace(String kind, String what)
      throws Exception {
    Path bad = dir.resolve(kind + ".csv");
    Files.write(bad, csv(kind));
    // CsvFileException words a line problem as "FILE line 3, column ..." and others as "FILE: ...".
    String start = "lstmlab: " + bad
        + (what.startsWith("@") ? " " + what.substring(1).strip() : what.strip());
    for (Object[] args : List.of(
        new Object[] {"train", "--data", bad, "--target", "value", "--out", out},
        new Object[] {"predict", "--model", goodModel, "--data", bad, "--out", out},
        new Object[] {"evaluate", "--model", goodModel, "--data", bad})) {
      Files.delete(bad);
      Files.write(bad, csv(kind));
      List<String> before = new ArrayList<>(Cli.listing(dir));
      MainTest.Run r = Cli.run(args);
      assertFailed(r, Main.FAILURE, start);
      assertThat(Cli.listing(dir)).isEqualTo(before);
    }
  }

  @Test
  void badData_withReport_createsNoReportDirectory() throws Exception {
    Path bad = dir.resolve("bad.csv");
    Files.write(bad, csv("nan-cell"));
    Path reportDir = dir.resolve("rep");
    assertFailed(Cli.run("train", "--data", bad, "--target", "value", "--out", out, "--report",
        reportDir), Main.FAILURE, "lstmlab: " + bad + " line 4");
    assertThat(Files.exists(reportDir)).isFalse();
  }

  @Test
  void reportDirectoryIsAFile_failsBeforeTraining() throws Exception {
    assertFailed(Cli.run("train", "--data", goodData, "--target", "value", "--out", out,
        "--report", out), Main.FAILURE, "lstmlab: " + out + ": exists and is not a directory");
    assertFailed(Cli.run("demo", "--out", out), Main.FAILURE,
        "lstmlab: " + out + ": exists and is not a directory");
  }

  @Test
  void missingDataFile_failsNamingIt() throws Exception {
    Path none = dir.resolve("none.csv");
    assertFailed(Cli.run("train", "--data", none, "--target", "value", "--out", out),
        Main.FAILURE, "lstmlab: " + none + ": no such file");
    assertFailed(Cli.run("predict", "--model", goodModel, "--data", none, "--out", out),
        Main.FAILURE, "lstmlab: " + none + ": no such file");
  }

  @Test
  void seriesShorterThanWindowPlusHorizon_failsNamingFileAndSizes() throws Exception {
    Path bad = dir.resolve("short.csv");
    Files.write(bad, csv("short"));
    assertFailed(Cli.run("train", "--data", bad, "--target", "value", "--window", 3,
        "--validation-split", 0, "--test-split", 0, "--patience", 0, "--out", out),
        Main.FAILURE, "lstmlab: " + bad + ": a series of 3 points holds no window of window 3"
            + " + horizon 1; need at least 4 points");
    assertFailed(Cli.run("predict", "--model", goodModel, "--data", bad, "--out", out),
        Main.FAILURE, "lstmlab: " + bad + ": the series has 3 rows; a window with its targets"
            + " needs 5");
    assertFailed(Cli.run("evaluate", "--model", goodModel, "--data", bad),
        Main.FAILURE, "lstmlab: " + bad + ": the series has 3 rows");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
    "--window           | -5      | --window must be at least 0, got -5",
    "--hidden           | 0       | --hidden must be at least 1, got 0",
    "--hidden           | 1000000 | --hidden must be at most 100000, got 1000000",
    "--epochs           | 0       | --epochs must be at least 1, got 0",
    "--lr               | 0       | --lr must be a finite number > 0, got 0.0",
    "--lr               | -0.1    | --lr must be a finite number > 0, got -0.1",
    "--lr               | NaN     | --lr must be a finite number > 0, got NaN",
    "--lr               | Infinity| --lr must be a finite number > 0, got Infinity",
    "--horizon          | 0       | --horizon must be at least 1, got 0",
    "--layers           | 0       | --layers must be at least 1, got 0",
    "--dropout          | 1       | --dropout must be in [0, 1), got 1.0",
    "--batch-size       | 0       | --batch-size must be at least 1, got 0",
    "--cell             | lstmx   | --cell must be one of lstm, gru, rnn, rnn_relu; got 'lstmx'",
    "--transform        | log     | --transform transform 'log' is not one of none, diff, seasonal:M, seasonal:M+diff",
    "--missing          | zero    | --missing must be one of error, drop, ffill, interpolate; got 'zero'",
    "--delimiter        | ab      | --delimiter must be one character (or 'tab'), got 'ab'",
    "--optimizer        | adagrad | --optimizer must be one of sgd, adam, adamw, rmsprop; got 'adagrad'",
    "--scale            | robust  | --scale must be one of none, standard, minmax; got 'robust'",
    "--validation-split | 1       | --validation-split must be in [0, 1), got 1.0",
    "--patience         | 3       | --patience needs validation data; set --validation-split > 0",
    "--epochs           | many    | Invalid value for option '--epochs': 'many' is not an int",
  })
  void train_flagOutOfRange_isAUsageError_exit2(String flag, String value, String message)
      throws Exception {
    List<String> args = new ArrayList<>(List.of("train", "--data", goodData.toString(),
        "--target", "value", "--out", out.toString(), flag, value));
    if (flag.equals("--patience")) {
      args.addAll(List.of("--validation-split", "0"));
    }
    assertFailed(Cli.run(args.toArray()), Main.USAGE, "lstmlab: " + message);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
    "--window  | 0       | --window must be at least 1, got 0",
    "--hidden  | 0       | --hidden must be at least 1, got 0",
    "--epochs  | 0       | --epochs must be at least 1, got 0",
    "--lr      | 0       | --lr must be a finite number > 0, got 0.0",
    "--window  | 100     | --window must be at most 99 (the series has 100 values), got 100",
    "--optimizer | nadam | --optimizer must be one of sgd, adam, adamw, rmsprop; got 'nadam'",
    "--holdout | 1       | --holdout must be in [0, 1), got 1.0",
  })
  void demo_flagOutOfRange_isAUsageError_exit2(String flag, String value, String message)
      throws Exception {
    Path reportDir = dir.resolve("rep");
    assertFailed(Cli.run("demo", "--out", reportDir, flag, value), Main.USAGE,
        "lstmlab: " + message);
    assertThat(Files.exists(reportDir)).isFalse();
  }

  /** Model files that are not what they claim, by name. */
  byte[] model(String kind) throws Exception {
    byte[] good = Files.readAllBytes(goodModel);
    switch (kind) {
      case "text": return "just some text, not a model\n".getBytes(StandardCharsets.UTF_8);
      case "empty": return new byte[0];
      case "truncated": return Arrays.copyOf(good, good.length - 10);
      case "header-beyond-file": {
        byte[] b = good.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, good.length * 2L);
        return b;
      }
      case "csv": return Files.readAllBytes(goodData);
      default: throw new IllegalArgumentException(kind);
    }
  }

  @ParameterizedTest
  @CsvSource({"text", "empty", "truncated", "header-beyond-file", "csv"})
  void badModelFile_predictAndEvaluate_failNamingIt_exit1(String kind) throws Exception {
    Path bad = dir.resolve(kind + ".safetensors");
    Files.write(bad, model(kind));
    assertFailed(Cli.run("predict", "--model", bad, "--data", goodData, "--out", out),
        Main.FAILURE, "lstmlab: " + bad + ": ");
    assertFailed(Cli.run("evaluate", "--model", bad, "--data", goodData),
        Main.FAILURE, "lstmlab: " + bad + ": ");
    assertFailed(Cli.run("train", "--data", goodData, "--target", "value", "--init", bad,
        "--out", out), Main.FAILURE, "lstmlab: " + bad + ": ");
  }

  @Test
  void missingModelFile_failsNamingIt() throws Exception {
    Path none = dir.resolve("none.safetensors");
    assertFailed(Cli.run("evaluate", "--model", none, "--data", goodData), Main.FAILURE,
        "lstmlab: " + none);
  }

  @Test
  void modelForOtherColumns_failsNamingTheModel() throws Exception {
    Path other = Cli.file(dir, "other.csv", "t,price", "0,1", "1,2", "2,3", "3,4", "4,5", "5,6");
    assertFailed(Cli.run("predict", "--model", goodModel, "--data", other, "--out", out),
        Main.FAILURE, "lstmlab: " + other + ": no column 'value'");
  }

  @Test
  void outputIsTheInput_isAUsageError() throws Exception {
    assertFailed(Cli.run("predict", "--model", goodModel, "--data", goodData, "--out", goodData),
        Main.USAGE, "lstmlab: --out " + goodData + " is also an input");
  }

  @Test
  void verbose_addsTheStackTrace() throws Exception {
    Path bad = dir.resolve("bad.csv");
    Files.write(bad, csv("non-numeric"));
    MainTest.Run r = Cli.run("train", "--verbose", "--data", bad, "--target", "value", "--out",
        out);
    assertThat(r.code()).isEqualTo(Main.FAILURE);
    assertThat(r.errLines()[0]).startsWith("lstmlab: " + bad + " line 3");
    assertThat(r.err()).contains("CsvFileException", "\tat ");
    assertThat(Files.readAllBytes(out)).isEqualTo(OLD);
  }
}
