package org.lstmlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlab.core.forecast.Evaluation;
import org.lstmlab.core.forecast.FittedForecaster;
import org.lstmlab.core.forecast.Forecast;
import org.lstmlab.core.forecast.ForecastConfig;
import org.lstmlab.core.forecast.Forecaster;
import org.lstmlab.core.forecast.Intervals;
import org.lstmlab.core.forecast.MissingValues;
import org.lstmlab.core.forecast.SeriesDataset;
import org.lstmlab.core.forecast.TimeSeries;
import org.lstmlab.core.forecast.WindowPredictions;
import org.lstmlab.core.train.TrainerConfig;
import org.lstmlab.io.CsvDataset;
import org.lstmlab.io.ForecasterFile;

/**
 * The README's "Forecasting in Java" example, compiled and run on a model that {@code lstmlab
 * train} wrote; the test also checks that the README still shows exactly this code.
 */
class ReadmeExampleTest {

  @TempDir Path dir;

  @Test
  void readmeExample_loadsACliModelAndForecasts() throws Exception {
    // A monthly series with a trend, a season and gaps, named as in the README.
    List<String> rows = new ArrayList<>(List.of("month,co2"));
    for (int t = 0; t < 120; t++) {
      double v = 315 + 0.1 * t + 3 * Math.sin(2 * Math.PI * t / 12) + 0.2 * Math.cos(0.7 * t);
      rows.add(String.format("%d-%02d,%s", 1960 + t / 12, t % 12 + 1, t % 17 == 5 ? "" : v));
    }
    Files.write(dir.resolve("co2.csv"), rows);
    MainTest.Run r = Cli.run("train", "--data", dir.resolve("co2.csv"), "--target", "co2",
        "--time-column", "month", "--missing", "interpolate", "--hidden", 8, "--epochs", 5,
        "--out", dir.resolve("co2.safetensors"));
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);

    PrintStream saved = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      example(dir);
    } finally {
      System.setOut(saved);
    }
    List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(13);
    assertThat(lines.get(0)).startsWith("1970-01 ").matches("1970-01 3\\d\\d\\.\\d\\d \\[3\\d\\d\\.\\d\\d, 3\\d\\d\\.\\d\\d\\]");
    assertThat(lines.get(11)).startsWith("1970-12 ");
    assertThat(lines.get(12)).matches("(true|false) \\d+\\.\\d+(E-?\\d+)?");
  }

  /** The README's code, with the files in {@code dir} and a short training for the test. */
  private static void example(Path dir) throws Exception {
    // ---- the README's code, from here ----
    FittedForecaster model = ForecasterFile.load(dir.resolve("co2.safetensors")).forecaster();
    SeriesDataset data = CsvDataset.read(dir.resolve("co2.csv"), CsvDataset.Columns.of(model.spec()),
        Optional.empty(), MissingValues.INTERPOLATE);
    TimeSeries co2 = data.series().get(0);
    Forecast next = model.forecast(co2, 12);                       // the next 12 values
    Forecast bounded = Intervals.of(model, co2, next, 0.8);        // with 80% intervals
    for (int k = 0; k < next.size(); k++) {
      System.out.printf("%s %.2f [%.2f, %.2f]%n", next.times().get(k), next.values()[k],
          bounded.lower()[k], bounded.upper()[k]);
    }

    // Training in Java: the defaults of lstmlab train, then the test part against the baselines.
    Forecaster.Fit fit = new Forecaster(ForecastConfig.builder().horizon(12)
        .training(TrainerConfig.builder().epochs(3).build()).build()).fit(data);
    Evaluation test = Evaluation.of(fit.forecaster(), fit.forecaster().predictions(data),
        WindowPredictions.Part.TEST);
    System.out.println(test.modelBeatsBaselines() + " " + test.model().mase());
    // ---- to here ----
  }

  @Test
  void readme_showsThisCode() throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    String readme = Files.readString(root.resolve("README.md"));
    String self = Files.readString(root.resolve(
        "lstmlab-cli/src/test/java/org/lstmlab/cli/ReadmeExampleTest.java"));
    int at = readme.indexOf("<!-- compiled by lstmlab-cli/src/test/java/org/lstmlab/cli/"
        + "ReadmeExampleTest.java -->");
    assertThat(at).isPositive();
    String block = readme.substring(readme.indexOf("```java", at) + 7,
        readme.indexOf("```", readme.indexOf("```java", at) + 7));
    String code = self.substring(self.indexOf("// ---- the README's code, from here ----"),
        self.indexOf("// ---- to here ----"));
    // The test reads its files from dir and trains 3 epochs; otherwise the code is the README's.
    String normalised = norm(code).replace("dir.resolve(", "Path.of(")
        .replace(".training(TrainerConfig.builder().epochs(3).build())", "");
    for (String line : block.lines().map(String::strip).filter(l -> !l.isEmpty()
        && !l.startsWith("// Imports") && !l.startsWith("// org.lstmlab")).toList()) {
      assertThat(normalised).as("README line: " + line).contains(norm(line));
    }
  }

  private static String norm(String s) {
    return s.replaceAll("\\s+", "");
  }
}
