package org.lstmlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlab.core.metrics.Metrics;

/** {@code lstmlab evaluate} end to end. */
class EvaluateCommandTest {

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
  void evaluate_byDefaultTheTestPart_withEveryBaselineAndMase() {
    MainTest.Run r = Cli.run("evaluate", "--model", model, "--data", data);
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    // 40 points, 10% test: the windows whose targets are the last 4.
    assertThat(r.out()).contains("test part, 4 windows of 5 forecasting 1")
        .contains("MSE", "MAE", "RMSE", "MAPE %", "sMAPE %", "R²", "MASE");
    for (String row : List.of("LSTM", "naive", "seasonal_naive", "drift", "mean")) {
      assertThat(r.out()).containsPattern("(?m)^" + row + " +test( +(-?\\d+\\.\\d+|n/a)){7}$");
    }
    assertThat(r.out()).containsPattern("(?m)^test \\(4 windows\\): LSTM (beats|does NOT beat)");
    MainTest.Run all = Cli.run("evaluate", "--model", model, "--data", data, "--split", "all");
    assertThat(all.out()).contains("all part, 35 windows of 5");
    MainTest.Run bad = Cli.run("evaluate", "--model", model, "--data", data, "--split", "later");
    assertThat(bad.code()).isEqualTo(Main.USAGE);
    assertThat(bad.err()).startsWith("lstmlab: --split must be one of train, validation, test,"
        + " all; got 'later'");
  }

  @Test
  void evaluate_json_matchesThePredictionsWrittenByPredict() throws Exception {
    MainTest.Run r = Cli.run("evaluate", "--model", model, "--data", data, "--split", "all",
        "--json");
    assertThat(r.code()).isEqualTo(Main.OK);
    assertThat(r.out().strip().lines()).hasSize(1);
    JsonNode j = new ObjectMapper().readTree(r.out()).get("scores").get("all");
    assertThat(j.get("windows").asInt()).isEqualTo(35);

    Path preds = dir.resolve("p.csv");
    assertThat(Cli.run("predict", "--model", model, "--data", data, "--out", preds).code())
        .isEqualTo(Main.OK);
    List<String> lines = Files.readAllLines(preds);
    float[] actual = new float[35];
    float[] pred = new float[35];
    float[] naive = new float[35];
    List<String> csv = Files.readAllLines(data);
    double abs = 0;
    for (int n = 0; n < 35; n++) {
      String[] c = lines.get(n + 1).split(",");
      actual[n] = Float.parseFloat(c[2]);
      pred[n] = Float.parseFloat(c[3]);
      naive[n] = Float.parseFloat(csv.get(n + 5).split(",")[1]); // the window's last value
      abs += Math.abs((double) actual[n] - pred[n]);
    }
    Metrics m = Metrics.of(actual, pred);
    JsonNode model = j.get("scores").get("model");
    assertThat(model.get("mse").asDouble()).isCloseTo(m.mse(), within(1e-6));
    assertThat(model.get("r2").asDouble()).isCloseTo(m.r2(), within(1e-6));
    assertThat(j.get("scores").get("naive").get("mae").asDouble())
        .isCloseTo(Metrics.of(actual, naive).mae(), within(1e-6));
    // MASE: the MAE over the training part's in-sample MAE of the naive forecast (no season).
    double scale = org.lstmlab.io.ModelFile.load(this.model).spec().config().get("series").get(0)
        .get("mase_scale").asDouble();
    double trainAbs = 0;
    for (int t = 1; t < 32; t++) {
      trainAbs += Math.abs(Double.parseDouble(csv.get(t + 1).split(",")[1])
          - Double.parseDouble(csv.get(t).split(",")[1]));
    }
    assertThat(scale).isCloseTo(trainAbs / 31, within(1e-9));
    assertThat(model.get("mase").asDouble()).isCloseTo(abs / 35 / scale, within(1e-5));
  }
}
