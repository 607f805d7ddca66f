package org.lstmlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lstmlab.core.data.Scaler;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.train.Predictor;
import org.lstmlab.io.ModelFile;

/** {@code lstmlab predict} end to end, on a model trained here and on PyTorch-written files. */
class PredictCommandTest {

  @TempDir Path dir;
  Path data;
  Path model;

  @BeforeEach
  void trainASmallModel() {
    data = Cli.notebookCsv(dir, 40);
    model = dir.resolve("m.safetensors");
    MainTest.Run r = Cli.run("train", "--data", data, "--target", "value", "--hidden", 4,
        "--window", 5, "--epochs", 2, "--out", model);
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
  }

  @Test
  void predict_oneRowPerWindow_inOrder_inTheDatasUnits() throws Exception {
    Path out = dir.resolve("p.csv");
    MainTest.Run r = Cli.run("predict", "--model", model, "--data", data, "--out", out);
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    assertThat(r.out()).startsWith(out + ": 35 forecasts over windows of 5");
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(36).first().isEqualTo("index,step,actual,prediction");

    // The same numbers by hand: the stored scaler, each window relative to its last value, the
    // model, then the window's last value added back and the scaler undone.
    ModelFile.LoadedModel loaded = ModelFile.load(model);
    Scaler s = Scaler.fromMap(scalerMap(loaded));
    List<String> csv = Files.readAllLines(data);
    float[] series = new float[40];
    for (int i = 0; i < 40; i++) {
      series[i] = Float.parseFloat(csv.get(i + 1).split(",")[1]);
    }
    float[] scaled = s.transform(series);
    float[] x = new float[35 * 5];
    for (int n = 0; n < 35; n++) {
      for (int t = 0; t < 5; t++) {
        x[n * 5 + t] = scaled[n + t] - scaled[n + 4];
      }
    }
    float[] out1 = new Predictor(loaded.model()).predict(SequenceBatch.of(x, 35, 5, 1));
    for (int n = 0; n < 35; n++) {
      float expected = s.inverseTransform(new float[] {out1[n] + scaled[n + 4]})[0];
      String[] cells = lines.get(n + 1).split(",");
      assertThat(cells[0]).isEqualTo(Integer.toString(n + 5));
      assertThat(cells[1]).isEqualTo("1");
      assertThat(Float.parseFloat(cells[2])).isEqualTo(series[n + 5]);
      assertThat(Float.parseFloat(cells[3])).isEqualTo(expected);
    }
  }

  static java.util.Map<String, String> scalerMap(ModelFile.LoadedModel m) {
    java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
    m.spec().config().get("series").get(0).get("scaler").properties()
        .forEach(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  @Test
  void predict_forecast_writesTheNextValuesAfterTheEnd() throws Exception {
    Path out = dir.resolve("p.csv");
    MainTest.Run r = Cli.run("predict", "--model", model, "--data", data, "--forecast", 3,
        "--out", out);
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(1 + 3);
    assertThat(lines.get(0)).isEqualTo("index,forecast");
    assertThat(lines.get(1)).startsWith("40,");
    assertThat(lines.get(3)).startsWith("42,");
    assertThat(Float.parseFloat(lines.get(3).split(",")[1])).isFinite();
  }

  @Test
  void predict_timeColumn_labelsTheRows_andForecastsContinueIt() throws Exception {
    Path labelled = dir.resolve("lm.safetensors");
    assertThat(Cli.run("train", "--data", data, "--target", "value", "--time-column", "t",
        "--hidden", 3, "--window", 5, "--epochs", 1, "--out", labelled).code()).isEqualTo(Main.OK);
    Path out = dir.resolve("p.csv");
    assertThat(Cli.run("predict", "--model", labelled, "--data", data, "--out", out).code())
        .isEqualTo(Main.OK);
    String t5 = Files.readAllLines(data).get(6).split(",")[0];
    assertThat(Files.readAllLines(out).get(1)).startsWith(t5 + ",1,");
    assertThat(Cli.run("predict", "--model", labelled, "--data", data, "--forecast", 2,
        "--out", out).code()).isEqualTo(Main.OK);
    List<String> lines = Files.readAllLines(out);
    // t runs from 0 to 10π in 39 steps of 0.805537 (to 6 decimals): the next two labels.
    assertThat(Double.parseDouble(lines.get(1).split(",")[0])).isCloseTo(32.221464, within(2e-6));
    assertThat(Double.parseDouble(lines.get(2).split(",")[0])).isCloseTo(33.027001, within(4e-6));
  }

  @Test
  void predict_horizonTwo_givesTwoRowsPerWindowWithAStepColumn() throws Exception {
    Path h2 = dir.resolve("h2.safetensors");
    assertThat(Cli.run("train", "--data", data, "--target", "value", "--hidden", 3, "--window", 5,
        "--horizon", 2, "--epochs", 1, "--out", h2).code()).isEqualTo(Main.OK);
    Path out = dir.resolve("p.csv");
    MainTest.Run r = Cli.run("predict", "--model", h2, "--data", data, "--out", out);
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    List<String> lines = Files.readAllLines(out);
    // 40 points, window 5, horizon 2: 34 windows, 2 rows each.
    assertThat(lines).hasSize(1 + 34 * 2);
    assertThat(lines.get(0)).isEqualTo("index,step,actual,prediction");
    assertThat(lines.get(1)).startsWith("5,1,");
    assertThat(lines.get(2)).startsWith("6,2,");
    assertThat(lines.get(3)).startsWith("6,1,");
    MainTest.Run wrong = Cli.run("predict", "--model", h2, "--data", data, "--horizon", 1,
        "--out", out);
    assertThat(wrong.code()).isEqualTo(Main.FAILURE);
    assertThat(wrong.err()).contains("forecasts 2 values per window, but --horizon is 1");
  }

  @Test
  void predict_otherTargetThanTheModels_failsNamingBoth() {
    Path out = dir.resolve("p.csv");
    MainTest.Run r = Cli.run("predict", "--model", model, "--data", data, "--target", "t",
        "--out", out);
    assertThat(r.code()).isEqualTo(Main.FAILURE);
    assertThat(r.errLines()).containsExactly("lstmlab: " + model + ": the model was trained with"
        + " target 'value', but --target is 't'; leave --target out to use the model's");
    assertThat(Files.exists(out)).isFalse();
  }

  /**
   * A file PyTorch wrote (tools/pytorch/safetensors_fixtures.py: a 2-layer nn.LSTM of 2 inputs and
   * 4 hidden units with an nn.Linear head, no metadata) predicts through the CLI what PyTorch
   * predicted for the same windows, to float rounding.
   */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2})
  void predict_pytorchFileWithoutMetadata_givesPytorchsPredictions(int sample) throws Exception {
    Path torch = fixture("lstm_l2_nometa.safetensors");
    JsonNode f = fixtureJson("lstm_l2_nometa.json");
    int steps = f.get("steps").asInt();
    JsonNode in = f.get("input").get("data"); // (B, T, I=2)
    List<String> rows = new ArrayList<>(List.of("a,b,y"));
    for (int t = 0; t < steps; t++) {
      int at = (sample * steps + t) * 2;
      rows.add(in.get(at).asText() + "," + in.get(at + 1).asText() + ",0");
    }
    rows.add("0,0,0"); // the value after the window: the target the prediction is for
    Path csv = Cli.file(dir, "torch.csv", rows.toArray(new String[0]));
    Path out = dir.resolve("p.csv");
    MainTest.Run r = Cli.run("predict", "--model", torch, "--data", csv, "--target", "y",
        "--features", "a,b", "--window", steps, "--out", out);
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(2);
    double expected = f.get("expected").get("data").get(sample).asDouble();
    assertThat(Double.parseDouble(lines.get(1).split(",")[3])).isCloseTo(expected, within(1e-6));
  }

  @Test
  void predict_pytorchRnnWithoutCell_takesPyTorchsTanh_andSaysSo() throws Exception {
    Path torch = fixture("rnn_relu_nometa.safetensors");
    Path csv = Cli.file(dir, "x.csv", "a,b,y", "1,2,0", "2,3,0", "3,4,0", "4,5,0", "5,6,0");
    MainTest.Run r = Cli.run("predict", "--model", torch, "--data", csv, "--target", "y",
        "--past", "a,b", "--window", 3, "--out", dir.resolve("p.csv"));
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    assertThat(r.errLines()).containsExactly(torch + ": one gate block, a plain RNN; the file"
        + " does not say its nonlinearity, so it is taken as tanh, PyTorch's nn.RNN default (give"
        + " --cell rnn_relu for relu)");
    assertThat(Files.readAllLines(dir.resolve("p.csv"))).hasSize(1 + 2);
  }

  Path fixture(String name) throws Exception {
    Path p = dir.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/fixtures/" + name)) {
      Files.copy(in, p);
    }
    return p;
  }

  JsonNode fixtureJson(String name) throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/fixtures/" + name)) {
      return new ObjectMapper().readTree(in);
    }
  }
}
