package org.lstmlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code lstmlab experiment} end to end on tiny settings, each well under a second. */
class ExperimentCommandTest {

  /** Main with the experiment command, whether or not Main registers it itself yet. */
  static MainTest.Run run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    if (!cli.getSubcommands().containsKey("experiment")) {
      cli.addSubcommand("experiment", new ExperimentCommand());
    }
    return MainTest.run(cli, args);
  }

  static final String[] TINY = {
    "--length", "12", "--hidden", "4", "--batch", "3", "--steps", "4", "--eval-every", "2",
    "--test-size", "5", "--models", "lstm,gru,rnn"
  };

  static String[] tiny(String task, String... more) {
    String[] args = new String[2 + TINY.length + more.length];
    args[0] = "experiment";
    args[1] = task;
    System.arraycopy(TINY, 0, args, 2, TINY.length);
    System.arraycopy(more, 0, args, 2 + TINY.length, more.length);
    return args;
  }

  /**
   * At lr 1e6 without clipping the LSTM's loss explodes: the training loop's divergence rule
   * stops it, the progress says where, and the JSON records it, instead of running on.
   */
  @Test
  void experiment_absurdLr_stopsTheModelAndSaysWhere() {
    MainTest.Run r = run("experiment", "adding", "--length", "12", "--hidden", "4", "--batch", "3",
        "--steps", "40", "--eval-every", "40", "--test-size", "5", "--models", "lstm",
        "--optimizer", "adam", "--lr", "1e6", "--clip", "0", "--json");
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    assertThat(r.err()).containsPattern("(?m)^lstm: training diverged at step \\d+: .*; try a"
        + " lower --lr \\(was 1000000\\.0\\) or --clip 1$");
    // Seed 1: the first step's loss is about 1.3, the second's 1.6e13; one step was kept.
    assertThat(r.out()).contains("\"model\":\"lstm\"", "\"steps\":1,\"seconds\":",
        "\"stop\":\"diverged\",\"message\":\"training diverged at step 2: loss is ");
  }

  @Test
  void experiment_adding_printsProgressAndTable() {
    MainTest.Run r = run(tiny("adding"));

    assertThat(r.code()).isEqualTo(Main.OK);
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .contains("adding, T = 12 (12 steps per sequence): lstm, gru, rnn")
        .contains("lstm     step      0/4", "rnn      step      4/4")
        .contains("adding, T = 12: scores on 5 held-out sequences (mean squared error)")
        .contains("(baseline: always predict 1; its expected MSE is 0.166667)");
    Matcher row = Pattern.compile("^(lstm|gru|rnn|baseline)\\s+([0-9.]+)\\s", Pattern.MULTILINE).matcher(r.out());
    int rows = 0;
    while (row.find()) {
      assertThat(Double.parseDouble(row.group(2))).isFinite().isPositive();
      rows++;
    }
    assertThat(rows).isEqualTo(4);
  }

  /** --json: exactly one line on stdout, one object, with the issue's keys; progress on stderr. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"adding, test_mse, baseline_mse", "order, test_loss, baseline_loss", "copy, test_loss, baseline_loss"})
  void experiment_json_printsOneObjectWithTheIssuesKeys(String task, String metric, String baseline) {
    MainTest.Run r = run(tiny(task, "--json"));

    assertThat(r.code()).isEqualTo(Main.OK);
    String json = r.out().strip();
    assertThat(json).doesNotContain("\n").startsWith("{\"task\":\"" + task + "\",\"length\":12,").endsWith("}");
    assertThat(json).contains("\"" + baseline + "\":", "\"results\":[{\"model\":\"lstm\",\"" + metric + "\":");
    assertThat(json).contains("\"model\":\"gru\"", "\"model\":\"rnn\"", "\"steps\":4,\"seconds\":");
    assertThat(json).contains("\"curve\":[{\"step\":0,\"train_loss\":null,");
    assertThat(json.contains("\"test_accuracy\":")).isEqualTo(!task.equals("adding"));
    assertThat(json).doesNotContain("NaN", "Infinity");
    assertThat(depthNeverNegativeAndEndsAtZero(json)).isTrue();
    assertThat(r.err()).contains("step      4/4");
  }

  @Test
  void experiment_sameSeed_sameJsonApartFromTimes() {
    String a = withoutSeconds(run(tiny("order", "--json")).out());
    String b = withoutSeconds(run(tiny("order", "--json")).out());
    String c = withoutSeconds(run(tiny("order", "--json", "--seed", "2")).out());
    assertThat(b).isEqualTo(a);
    assertThat(c).isNotEqualTo(a);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--hidden 0          | lstmlab: --hidden must be at least 1, got 0",
        "--eval-every 0      | lstmlab: --eval-every must be at least 1, got 0",
        "--models lstm,tcn   | lstmlab: --models must be one of lstm, gru, rnn, rnn_relu; got 'tcn'",
        "--optimizer lbfgs   | lstmlab: --optimizer must be one of sgd, adam, adamw, rmsprop; got 'lbfgs'",
        "--clip -1           | lstmlab: --clip must be a finite number >= 0, got -1.0",
        "--models lstm,lstm  | lstmlab: --models lists 'lstm' twice",
      })
  void experiment_badFlag_oneLineUsageError(String flags, String message) {
    String[] extra = flags.trim().split("\\s+");
    MainTest.Run r = run("experiment", "adding", "--length", "12", extra[0], extra[1]);
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip()).startsWith(message).doesNotContain("\n");
  }

  @Test
  void experiment_unknownTaskOrShortLength_namesIt() {
    assertThat(run("experiment", "parity", "--length", "10").err())
        .startsWith("lstmlab: TASK must be one of adding, order, copy; got 'parity'");
    assertThat(run("experiment", "order", "--length", "5").err())
        .startsWith("lstmlab: --length must be >= 10 for the temporal order problem, got 5");
  }

  @Test
  void experiment_help_listsTheTasksAndFlags() {
    MainTest.Run r = run("experiment", "--help");
    assertThat(r.code()).isEqualTo(Main.OK);
    assertThat(r.out())
        .contains("adding", "order", "copy", "--length=T", "--models=CELLS", "--eval-every=N")
        .contains("--[no-]unit-forget-bias", "--json", "--report=DIR");
  }

  /** The issue's run: the report's files exist, the JSON names them, the page holds the curves. */
  @Test
  void experiment_report_writesPageAndChart_namedInTheJson(@TempDir Path dir) throws Exception {
    Path reportDir = dir.resolve("rep");
    MainTest.Run r = run("experiment", "adding", "--length", "10", "--hidden", "8", "--steps", "40",
        "--eval-every", "20", "--test-size", "50", "--report", reportDir.toString(), "--json");

    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    assertThat(Cli.listing(reportDir)).containsExactly("report.html", "report.png");
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.at("/report/html").asText()).isEqualTo(reportDir.resolve("report.html").toString());
    assertThat(j.at("/report/png").asText()).isEqualTo(reportDir.resolve("report.png").toString());
    BufferedImage png = ImageIO.read(reportDir.resolve("report.png").toFile());
    assertThat(png.getWidth()).isEqualTo(ReportFiles.PNG_WIDTH);
    assertThat(png.getHeight()).isEqualTo(ReportFiles.PNG_HEIGHT);

    // The page's data carry every curve point of the JSON, digit for digit, and the baseline.
    String page = Files.readString(reportDir.resolve("report.html"));
    JsonNode d = reportData(page);
    assertThat(d.get("series").isNull()).isTrue();
    assertThat(d.get("charts")).hasSize(1); // the adding problem has no accuracy
    JsonNode chart = d.get("charts").get(0);
    assertThat(chart.get("yName").asText()).isEqualTo("test MSE");
    assertThat(chart.get("logScale").asBoolean()).isTrue();
    for (int m = 0; m < 2; m++) {
      JsonNode result = j.get("results").get(m);
      JsonNode curve = chart.get("curves").get(m);
      assertThat(curve.get("model").asText()).isEqualTo(List.of("lstm", "rnn").get(m));
      assertThat(curve.get("points")).hasSize(3); // steps 0, 20, 40
      for (int i = 0; i < 3; i++) {
        JsonNode p = curve.get("points").get(i);
        assertThat(p.get(0).asInt()).isEqualTo(20 * i).isEqualTo(result.at("/curve/" + i + "/step").asInt());
        assertThat(p.get(1).doubleValue()).isEqualTo(result.at("/curve/" + i + "/test_mse").doubleValue());
      }
    }
    JsonNode baseline = chart.at("/references/0");
    assertThat(baseline.get("value").doubleValue()).isEqualTo(j.get("baseline_mse").doubleValue());
    assertThat(baseline.get("label").asText()).startsWith("baseline (predict 1): 0.1");
    assertThat(page).contains("<h1>Adding problem, T = 10</h1>", "<h2>Held-out loss</h2>",
        "lstmlab experiment adding --length 10 --models lstm,rnn --hidden 8 --batch 50 --steps 40",
        "held-out (50)", "baseline (predict 1)");
  }

  @Test
  void experiment_reportText_printsThePaths_andClassificationHasAnAccuracyChart(@TempDir Path dir)
      throws Exception {
    Path reportDir = dir.resolve("order-report");
    MainTest.Run r = run(tiny("order", "--report", reportDir.toString()));

    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    assertThat(r.out()).endsWith("Report: " + reportDir.resolve("report.html") + System.lineSeparator()
        + "Chart:  " + reportDir.resolve("report.png") + System.lineSeparator());
    JsonNode d = reportData(Files.readString(reportDir.resolve("report.html")));
    assertThat(d.get("charts")).hasSize(2);
    assertThat(d.at("/charts/1/title").asText()).isEqualTo("Held-out accuracy");
    assertThat(d.at("/charts/1/curves")).hasSize(3); // lstm, gru, rnn
    assertThat(d.at("/charts/1/references/0/label").asText()).startsWith("baseline (uniform guess): ");
    assertThat(d.get("metrics")).hasSize(4); // three models and the baseline
  }

  @Test
  void experiment_withoutReport_jsonSaysNull() throws Exception {
    MainTest.Run r = run(tiny("adding", "--json"));

    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.has("report")).isTrue();
    assertThat(j.get("report").isNull()).isTrue();
  }

  /** A file where the report directory should go: one line, exit 1, before any training. */
  @Test
  void experiment_reportIsAFile_failsBeforeTraining_andCreatesNothing(@TempDir Path dir) throws Exception {
    Path file = Cli.file(dir, "taken", "keep me");
    MainTest.Run r = run(tiny("adding", "--report", file.toString()));

    assertThat(r.code()).isEqualTo(Main.FAILURE);
    assertThat(r.out()).isEmpty(); // not even the first progress line: nothing was trained
    assertThat(r.errLines()).containsExactly(
        "lstmlab: " + file + ": exists and is not a directory; give a directory for the report");
    assertThat(Cli.listing(dir)).containsExactly("taken");
    assertThat(Files.readString(file)).isEqualTo("keep me\n");

    MainTest.Run under = run(tiny("adding", "--report", file.resolve("rep").toString()));
    assertThat(under.code()).isEqualTo(Main.FAILURE);
    assertThat(under.errLines()).containsExactly(
        "lstmlab: " + file.resolve("rep") + ": " + file + " is not a directory");
    assertThat(Cli.listing(dir)).containsExactly("taken");
  }

  /** The JSON a report page carries for its charts. */
  private static JsonNode reportData(String page) throws Exception {
    String open = "<script type=\"application/json\" id=\"report-data\">";
    int from = page.indexOf(open) + open.length();
    return new ObjectMapper().readTree(page.substring(from, page.indexOf("</script>", from)));
  }

  @Test
  void experiment_defaults_areTheBuildersDefaults() {
    ExperimentCommand c = new ExperimentCommand();
    new CommandLine(c).parseArgs("adding", "--length", "10");
    org.lstmlab.core.lags.Experiment.Config d =
        org.lstmlab.core.lags.Experiment.builder("adding", 10).build().config();
    assertThat(c.models).isEqualTo(d.models());
    assertThat(c.hidden).isEqualTo(d.hidden());
    assertThat(c.batch).isEqualTo(d.batch());
    assertThat(c.steps).isEqualTo(d.steps());
    assertThat(c.optimizer).isEqualTo(d.optimizer());
    assertThat(c.lr).isEqualTo(d.lr());
    assertThat(c.clip).isEqualTo(d.clip());
    assertThat(c.seed).isEqualTo(d.seed());
    assertThat(c.evalEvery).isEqualTo(d.evalEvery());
    assertThat(c.testSize).isEqualTo(d.testSize());
    assertThat(c.unitForgetBias).isEqualTo(d.unitForgetBias());
  }

  private static boolean depthNeverNegativeAndEndsAtZero(String json) {
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
        if (depth < 0) {
          return false;
        }
      }
    }
    return depth == 0 && !inString;
  }

  private static String withoutSeconds(String json) {
    return json.replaceAll("\"seconds\":[^,}]+", "\"seconds\":_");
  }
}
