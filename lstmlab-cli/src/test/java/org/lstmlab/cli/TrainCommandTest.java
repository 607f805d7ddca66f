package org.lstmlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlab.core.data.Scaler;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.io.ModelFile;
import org.lstmlab.io.ModelSpec;

/** {@code lstmlab train} end to end on small series and models. */
class TrainCommandTest {

  @TempDir Path dir;

  /**
   * Trains on the notebook's series with tiny settings; {@code extra} flags (with their values)
   * replace or add to them.
   */
  MainTest.Run train(Path data, Path model, Object... extra) {
    Map<String, Object> flags = new LinkedHashMap<>();
    flags.put("--data", data);
    flags.put("--target", "value");
    flags.put("--time-column", "t");
    flags.put("--hidden", 4);
    flags.put("--window", 5);
    flags.put("--epochs", 3);
    flags.put("--out", model);
    for (int i = 0; i < extra.length; i++) {
      String flag = (String) extra[i];
      boolean hasValue = i + 1 < extra.length && !String.valueOf(extra[i + 1]).startsWith("--");
      flags.put(flag, hasValue ? extra[++i] : null);
    }
    List<Object> args = new ArrayList<>(List.of("train"));
    flags.forEach((k, v) -> {
      args.add(k);
      if (v != null) {
        args.add(v);
      }
    });
    return Cli.run(args.toArray());
  }

  @Test
  void train_writesAModelFileWithEverythingNeededToUseIt() throws Exception {
    Path data = Cli.notebookCsv(dir, 60);
    Path model = dir.resolve("m.safetensors");
    MainTest.Run r = train(data, model, "--cell", "gru", "--scale", "minmax", "--seed", 5);
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    assertThat(r.err()).isEmpty();

    ModelFile.LoadedModel loaded = ModelFile.load(model);
    ModelSpec spec = loaded.spec();
    assertThat(spec.cell()).isEqualTo(CellType.GRU);
    assertThat(spec.hidden()).isEqualTo(4);
    assertThat(spec.window()).isEqualTo(5);
    assertThat(spec.horizon()).isEqualTo(1);
    assertThat(spec.seed()).isEqualTo(5);
    ObjectNode c = spec.config();
    assertThat(c.get("target").asText()).isEqualTo("value");
    assertThat(c.get("time_column").asText()).isEqualTo("t");
    assertThat(c.get("past").toString()).isEqualTo("[]");
    assertThat(c.get("transform").asText()).isEqualTo("none");
    assertThat(c.get("relative").asBoolean()).isTrue();
    assertThat(c.get("scaler").asText()).isEqualTo("minmax");
    assertThat(c.get("training").get("batch_size").asText()).isEqualTo("32");
    assertThat(c.get("training").get("epochs").asText()).isEqualTo("3");
    assertThat(c.get("data").asText()).isEqualTo("series.csv");
    // 60 points, 10% test and 10% validation: training ends at row 48; the scaler saw only those.
    ObjectNode series = (ObjectNode) c.get("series").get(0);
    assertThat(series.get("train_end").asInt()).isEqualTo(48);
    assertThat(series.get("rows").asInt()).isEqualTo(60);
    List<String> lines = Cli.lines(data);
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 1; i <= 48; i++) {
      float v = Float.parseFloat(lines.get(i).split(",")[1]);
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    Scaler.MinMax s = (Scaler.MinMax) Scaler.fromMap(Map.of(
        "scaler", "minmax",
        "scaler.min", series.get("scaler").get("scaler.min").asText(),
        "scaler.max", series.get("scaler").get("scaler.max").asText()));
    assertThat(s.min()[0]).isEqualTo(min);
    assertThat(s.max()[0]).isEqualTo(max);
  }

  @Test
  void train_printsLossLinesAndTheMetricsOfEverySplitWithBaselines() {
    Path data = Cli.notebookCsv(dir, 60);
    MainTest.Run r = train(data, dir.resolve("m.safetensors"), "--epochs", 4, "--print-every", 2);
    assertThat(r.code()).isEqualTo(Main.OK);
    assertThat(r.out())
        .containsPattern("(?m)^epoch:   2 loss: +\\d\\.\\d{8}  mean: +\\d\\.\\d{8}  validation: ")
        .containsPattern("(?m)^epoch:   4 loss: ")
        .doesNotContainPattern("(?m)^epoch:   [13] ")
        .contains("completed 4 epochs")
        .containsPattern("(?m)^LSTM +train +\\d")
        .containsPattern("(?m)^naive +validation +\\d")
        .containsPattern("(?m)^mean +test +\\d")
        .containsPattern("(?m)^seasonal_naive +test +\\d")
        .containsPattern("(?m)^drift +test +\\d")
        .containsPattern("(?m)^test \\(\\d+ windows\\): LSTM (beats|does NOT beat) the best"
            + " baseline, \\w+ \\(MSE ")
        .contains("MSE", "MAE", "RMSE", "MAPE %", "sMAPE %", "R²", "MASE")
        .contains("Model: " + dir.resolve("m.safetensors"));
  }

  @Test
  void train_multivariateFeatures_andHorizon_makeAModelOfThoseSizes() throws Exception {
    List<String> rows = new ArrayList<>(List.of("day,a,b,y"));
    for (int i = 0; i < 50; i++) {
      rows.add("d" + i + "," + Math.sin(i * 0.3) + "," + (i % 7) + "," + Math.cos(i * 0.3));
    }
    Path data = Cli.file(dir, "multi.csv", rows.toArray(new String[0]));
    Path model = dir.resolve("m.safetensors");
    MainTest.Run r = Cli.run("train", "--data", data, "--target", "y", "--features", "a,b,y",
        "--time-column", "day", "--hidden", 3, "--window", 4, "--horizon", 2, "--epochs", 2,
        "--no-shuffle", "--out", model);
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    ModelSpec spec = ModelFile.load(model).spec();
    assertThat(spec.inputSize()).isEqualTo(3);
    assertThat(spec.outputSize()).isEqualTo(2);
    assertThat(spec.horizon()).isEqualTo(2);
    // The target's past is always read: --features a,b,y is the target and past covariates a, b.
    assertThat(spec.config().get("past").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(spec.config().get("training").get("shuffle").asText()).isEqualTo("false");
  }

  @Test
  void train_withReport_writesHtmlAndPng() throws Exception {
    Path data = Cli.notebookCsv(dir, 60);
    Path reportDir = dir.resolve("rep");
    MainTest.Run r = train(data, dir.resolve("m.safetensors"), "--report", reportDir);
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    assertThat(Cli.listing(reportDir)).containsExactly("report.html", "report.png");
    assertThat(Files.readString(reportDir.resolve("report.html")))
        .contains("LSTM on series.csv", "validation");
  }

  @Test
  void train_init_startsFromTheFilesWeights_andTakesItsSizes() throws Exception {
    Path data = Cli.notebookCsv(dir, 60);
    Path first = dir.resolve("first.safetensors");
    assertThat(train(data, first, "--cell", "rnn", "--epochs", 1).code()).isEqualTo(Main.OK);
    Path second = dir.resolve("second.safetensors");
    // No --cell or --hidden: both come from the file.
    MainTest.Run r = Cli.run("train", "--data", data, "--target", "value", "--window", 5,
        "--epochs", 1, "--lr", 1e-9, "--optimizer", "sgd", "--init", first, "--out", second);
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    assertThat(r.out()).contains("rnn, hidden 4", "from " + first);
    float[] a = ModelFile.load(first).model().parameters().data();
    float[] b = ModelFile.load(second).model().parameters().data();
    // SGD with lr 1e-9 barely moves: the weights are the first file's.
    assertThat(b).hasSameSizeAs(a);
    for (int i = 0; i < a.length; i++) {
      assertThat(b[i]).isCloseTo(a[i], org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  @Test
  void train_initWithOtherSizes_failsNamingTheFileAndTheFlag() throws Exception {
    Path data = Cli.notebookCsv(dir, 60);
    Path first = dir.resolve("first.safetensors");
    assertThat(train(data, first, "--epochs", 1).code()).isEqualTo(Main.OK);
    Path second = dir.resolve("second.safetensors");
    MainTest.Run r = train(data, second, "--init", first, "--hidden", 9);
    assertThat(r.code()).isEqualTo(Main.FAILURE);
    assertThat(r.errLines()).containsExactly("lstmlab: " + first
        + ": the model has hidden 4, but --hidden is 9; leave --hidden out to take the file's");
    assertThat(Files.exists(second)).isFalse();
  }

  @Test
  void train_diverging_failsWithOneLine_andLeavesTheOldModelAsItWas() throws Exception {
    Path data = Cli.notebookCsv(dir, 60);
    Path model = dir.resolve("m.safetensors");
    byte[] old = "a good model".getBytes();
    Files.write(model, old);
    MainTest.Run r = train(data, model, "--optimizer", "sgd", "--lr", 1e30, "--scale", "none",
        "--cell", "rnn_relu");
    assertThat(r.code()).isEqualTo(Main.FAILURE);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.errLines()[0]).startsWith("lstmlab: " + data + ": training diverged at epoch 1")
        .endsWith(model + " not written");
    assertThat(Files.readAllBytes(model)).isEqualTo(old);
    assertThat(Cli.listing(dir)).containsExactly("m.safetensors", "series.csv");
  }

  /**
   * Issue 11, item 10: Adam and RMSprop at lr 1e6 used to exit 0 with a loss of 1e13 and replace
   * the model. The loss's growth now stops the run at its second batch: exit 1, one line, the old
   * file as it was.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"adam", "rmsprop"})
  void train_adaptiveOptimizerAtLrOneMillion_failsAndLeavesTheOldModel(String optimizer)
      throws Exception {
    Path data = Cli.notebookCsv(dir, 100);
    Path model = dir.resolve("m.safetensors");
    byte[] old = "a good model".getBytes();
    Files.write(model, old);
    MainTest.Run r = train(data, model, "--optimizer", optimizer, "--lr", 1e6, "--hidden", 100,
        "--window", 10, "--epochs", 20);
    assertThat(r.code()).isEqualTo(Main.FAILURE);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.errLines()[0]).matches("lstmlab: " + java.util.regex.Pattern.quote(data.toString())
        + ": training diverged at epoch 1, batch 2: loss is \\S+, over 100000000 times the largest"
        + " loss of the first steps \\(\\S+\\); try a lower --lr \\(was 1000000\\.0\\); "
        + java.util.regex.Pattern.quote(model.toString()) + " not written");
    assertThat(Files.readAllBytes(model)).isEqualTo(old);
    assertThat(Cli.listing(dir)).containsExactly("m.safetensors", "series.csv");
  }

  /** Without --lr, the optimizer's own default: RMSprop's 0.01, not Adam's 0.001. */
  @Test
  void train_rmspropWithoutLr_runsAtRmspropsDefault() throws Exception {
    Path data = Cli.notebookCsv(dir, 60);
    Path model = dir.resolve("m.safetensors");
    MainTest.Run r = train(data, model, "--optimizer", "rmsprop", "--epochs", 1);
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    assertThat(r.out()).contains("; rmsprop lr 0.01, mse,");
    MainTest.Run a = train(data, dir.resolve("a.safetensors"), "--epochs", 1);
    assertThat(a.out()).contains("; adam lr 0.001, mse,");
  }

  @Test
  void train_patience_stopsEarlyAndSaysSo() {
    Path data = Cli.notebookCsv(dir, 60);
    MainTest.Run r = train(data, dir.resolve("m.safetensors"), "--epochs", 60, "--patience", 1,
        "--lr", 0.05, "--print-every", 100);
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    assertThat(r.out()).containsPattern("early stopping at epoch \\d+|completed 60 epochs")
        .contains("restored");
  }
}
