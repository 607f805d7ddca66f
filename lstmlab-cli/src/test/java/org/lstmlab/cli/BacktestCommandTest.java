package org.lstmlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lstmlab backtest} and {@code predict --intervals} end to end on a small series. */
class BacktestCommandTest {

  @TempDir Path dir;

  @Test
  void backtest_json_foldsCutWhereAskedAndNaiveScoresAsByHand() throws Exception {
    Path data = Cli.notebookCsv(dir, 80);
    MainTest.Run r = Cli.run("backtest", "--data", data, "--target", "value", "--time-column",
        "t", "--hidden", 4, "--window", 6, "--epochs", 3, "--folds", 3, "--forecast", 2,
        "--stride", 3, "--json");
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("per_fold")).hasSize(3);
    List<String> csv = Files.readAllLines(data);
    // Cuts at 80 − 2 − 2·3 = 72, 75, 78: each fold forecasts rows [cut, cut + 2).
    double sq = 0;
    int i = 0;
    for (int cut : new int[] {72, 75, 78}) {
      assertThat(j.get("per_fold").get(i++).get("cut").asText())
          .isEqualTo(csv.get(cut + 1).split(",")[0]);
      double last = Double.parseDouble(csv.get(cut).split(",")[1]);
      for (int k = 0; k < 2; k++) {
        sq += Math.pow(Double.parseDouble(csv.get(cut + 1 + k).split(",")[1]) - last, 2);
      }
    }
    assertThat(j.get("aggregate").get("naive").get("mse").asDouble()).isCloseTo(sq / 6,
        within(1e-5));
    assertThat(j.get("best_baseline").asText()).isIn("naive", "seasonal_naive", "drift", "mean");
  }

  @Test
  void backtest_text_saysWhetherTheModelBeatsTheBaselines() {
    Path data = Cli.notebookCsv(dir, 60);
    MainTest.Run r = Cli.run("backtest", "--data", data, "--target", "value", "--hidden", 4,
        "--window", 6, "--epochs", 2, "--folds", 2, "--forecast", 3, "--no-refit");
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    assertThat(r.out()).containsPattern("(?m)^fold 1 of 2: LSTM MSE ")
        .containsPattern("(?m)^fold 2 of 2: LSTM MSE [^;]+, MASE [^;]+; naive MSE \\S+$")
        .containsPattern("(?m)^LSTM (beats|does NOT beat) the best baseline, \\w+ \\(MSE ");
    MainTest.Run bad = Cli.run("backtest", "--data", data, "--target", "value", "--folds", 50,
        "--forecast", 3);
    assertThat(bad.code()).isEqualTo(Main.FAILURE);
    assertThat(bad.err()).startsWith("lstmlab: " + data + ": fold 1 cuts the 60 values at -90,");
  }

  @Test
  void predict_intervals_boundEachForecast() throws Exception {
    Path data = Cli.notebookCsv(dir, 120);
    Path model = dir.resolve("m.safetensors");
    assertThat(Cli.run("train", "--data", data, "--target", "value", "--hidden", 4, "--window",
        6, "--epochs", 3, "--out", model).code()).isEqualTo(Main.OK);
    Path out = dir.resolve("f.csv");
    MainTest.Run r = Cli.run("predict", "--model", model, "--data", data, "--forecast", 4,
        "--intervals", 0.8, "--out", out);
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(5).first().isEqualTo("index,forecast,lower,upper");
    for (String line : lines.subList(1, 5)) {
      String[] c = line.split(",");
      assertThat(Double.parseDouble(c[3])).isGreaterThan(Double.parseDouble(c[2]));
    }
    MainTest.Run bad = Cli.run("predict", "--model", model, "--data", data, "--intervals", 0.8,
        "--out", out);
    assertThat(bad.code()).isEqualTo(Main.USAGE);
    assertThat(bad.err()).startsWith("lstmlab: --intervals needs --forecast N");
  }
}
