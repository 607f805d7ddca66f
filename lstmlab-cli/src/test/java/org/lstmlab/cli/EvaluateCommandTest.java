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
  void evaluate_printsAllSixMetricsForTheModelAndBothBaselines() {
    MainTest.Run r = Cli.run("evaluate", "--model", model, "--data", data);
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    assertThat(r.out()).contains("35 windows of 5 predicting 1")
        .contains("MSE", "MAE", "RMSE", "MAPE %", "sMAPE %", "R²")
        .containsPattern("(?m)^LSTM +all( +-?\\d+\\.\\d+){6}$")
        .containsPattern("(?m)^naive +all( +-?\\d+\\.\\d+){6}$")
        .containsPattern("(?m)^mean +all( +-?\\d+\\.\\d+){6}$")
        .contains("the mean of the model's training targets");
  }

  @Test
  void evaluate_json_matchesThePredictionsWrittenByPredict() throws Exception {
    MainTest.Run r = Cli.run("evaluate", "--model", model, "--data", data, "--json");
    assertThat(r.code()).isEqualTo(Main.OK);
    assertThat(r.out().strip().lines()).hasSize(1);
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("windows").asInt()).isEqualTo(35);

    Path preds = dir.resolve("p.csv");
    assertThat(Cli.run("predict", "--model", model, "--data", data, "--out", preds).code())
        .isEqualTo(Main.OK);
    List<String> lines = Files.readAllLines(preds);
    float[] actual = new float[35];
    float[] pred = new float[35];
    float[] naive = new float[35];
    List<String> csv = Files.readAllLines(data);
    for (int n = 0; n < 35; n++) {
      String[] c = lines.get(n + 1).split(",");
      actual[n] = Float.parseFloat(c[1]);
      pred[n] = Float.parseFloat(c[2]);
      naive[n] = Float.parseFloat(csv.get(n + 5).split(",")[1]); // the window's last value
    }
    Metrics m = Metrics.of(actual, pred);
    assertThat(j.get("metrics").get("mse").asDouble()).isCloseTo(m.mse(), within(1e-12));
    assertThat(j.get("metrics").get("r2").asDouble()).isCloseTo(m.r2(), within(1e-12));
    assertThat(j.get("baselines").get("naive").get("mae").asDouble())
        .isCloseTo(Metrics.of(actual, naive).mae(), within(1e-12));
    assertThat(j.get("mean_of").asText()).isEqualTo("training targets");
  }
}
