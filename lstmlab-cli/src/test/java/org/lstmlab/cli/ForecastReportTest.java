package org.lstmlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlab.core.forecast.FittedForecaster;
import org.lstmlab.core.forecast.Forecast;
import org.lstmlab.core.forecast.Intervals;
import org.lstmlab.core.forecast.TimeSeries;
import org.lstmlab.io.CsvDataset;
import org.lstmlab.io.ForecasterFile;

/**
 * The forecast reports of {@code train} and {@code predict}: the held-out parts where the model
 * file says they are, the forecast and its interval as the library computes them from the saved
 * model, and a replay command that trains the same weights again.
 */
class ForecastReportTest {

  @TempDir Path dir;

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode data(Path html) throws Exception {
    String page = Files.readString(html);
    String open = "<script type=\"application/json\" id=\"report-data\">";
    int from = page.indexOf(open) + open.length();
    return JSON.readTree(page.substring(from, page.indexOf("</script>", from)));
  }

  private MainTest.Run train(Path data, Path model, Path report) {
    return Cli.run("train", "--data", data, "--target", "value", "--time-column", "t",
        "--hidden", 4, "--window", 5, "--epochs", 3, "--seed", 7, "--out", model,
        "--report", report);
  }

  @Test
  void train_report_partsForecastIntervalAndBaselinesFromTheLibrary() throws Exception {
    Path data = Cli.notebookCsv(dir, 60);
    Path model = dir.resolve("m.safetensors");
    MainTest.Run r = train(data, model, dir.resolve("rep"));
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    JsonNode d = data(dir.resolve("rep/report.html"));

    // 60 rows, 10% validation and 10% test: training rows 0-47, validation 48-53, test 54-59.
    assertThat(d.at("/regions/0/label").asText()).isEqualTo("validation");
    assertThat(d.at("/regions/0/from").asDouble()).isEqualTo(47.5);
    assertThat(d.at("/regions/0/to").asDouble()).isEqualTo(53.5);
    assertThat(d.at("/regions/1/label").asText()).isEqualTo("test");
    assertThat(d.at("/regions/1/to").asDouble()).isEqualTo(59.5);
    List<String> baselines = new ArrayList<>();
    d.at("/baselines").forEach(b -> baselines.add(b.get("name").asText()));
    assertThat(baselines).containsExactly("naive", "seasonal_naive", "drift", "mean");
    // The naive forecast of row 5 (the first window's target) is row 4's value.
    assertThat(d.at("/baselines/0/points/0/0").asDouble()).isEqualTo(5);
    assertThat(d.at("/baselines/0/points/0/1").asDouble())
        .isEqualTo(d.at("/series/points/4/1").asDouble());

    // The forecast and its 80% interval: what the library makes from the saved model.
    FittedForecaster f = ForecasterFile.load(model).forecaster();
    TimeSeries s = CsvDataset.read(data, CsvDataset.Columns.of(f.spec()), java.util.Optional.empty(),
        org.lstmlab.core.forecast.MissingValues.of("error")).series().get(0);
    int steps = ForecastReport.steps(f); // a season (as detected) ahead, at least 12
    assertThat(steps).isGreaterThanOrEqualTo(12).isGreaterThanOrEqualTo(f.spec().season());
    Forecast fc = Intervals.of(f, s, f.forecast(s, steps), 0.8);
    assertThat(d.at("/forecasts/0/points")).hasSize(steps);
    assertThat(d.at("/bands/0/points")).hasSize(steps);
    for (int k = 0; k < steps; k++) {
      assertThat(d.at("/forecasts/0/points/" + k + "/0").asDouble()).isEqualTo(60 + k);
      assertThat(d.at("/forecasts/0/points/" + k + "/1").asDouble()).isEqualTo(fc.values()[k]);
      assertThat(d.at("/bands/0/points/" + k + "/1").asDouble()).isEqualTo(fc.lower()[k]);
      assertThat(d.at("/bands/0/points/" + k + "/2").asDouble()).isEqualTo(fc.upper()[k]);
    }
    // The x axis reads the forecast's times, continuing the time column.
    assertThat(d.at("/series/labels")).hasSize(60 + steps);
    assertThat(d.at("/series/labels/60").asText()).isEqualTo(fc.times().get(0));
  }

  /** The replay command, run as printed, trains the very same weights. */
  @Test
  void train_replayCommand_trainsTheSameWeights() throws Exception {
    Path data = Cli.notebookCsv(dir, 60);
    Path model = dir.resolve("m.safetensors");
    assertThat(train(data, model, dir.resolve("rep")).code()).isEqualTo(Main.OK);
    String page = Files.readString(dir.resolve("rep/report.html"));
    Matcher m = Pattern.compile("Replay: <code>(.*?)</code>").matcher(page);
    assertThat(m.find()).isTrue();
    List<String> args = shellWords(m.group(1).replace("&#39;", "'").replace("&quot;", "\"")
        .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
    assertThat(args.subList(0, 2)).containsExactly("lstmlab", "train");
    Path again = dir.resolve("again.safetensors");
    int out = args.indexOf("--out");
    args.set(out + 1, again.toString());

    MainTest.Run r = Cli.run(args.subList(1, args.size()).toArray());

    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    float[] first = ForecasterFile.load(model).forecaster().model().parameters().data();
    float[] second = ForecasterFile.load(again).forecaster().model().parameters().data();
    assertThat(second).containsExactly(first);
  }

  @Test
  void predict_report_writtenWithTheCsvOrNeither() throws Exception {
    Path data = Cli.notebookCsv(dir, 60);
    Path model = dir.resolve("m.safetensors");
    assertThat(train(data, model, dir.resolve("rep")).code()).isEqualTo(Main.OK);
    Path csv = dir.resolve("fc.csv");

    MainTest.Run r = Cli.run("predict", "--model", model, "--data", data, "--forecast", 5,
        "--intervals", 0.9, "--out", csv, "--report", dir.resolve("prep"));

    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    JsonNode d = data(dir.resolve("prep/report.html"));
    assertThat(d.at("/forecasts/0/points")).hasSize(5);
    assertThat(d.at("/bands/0/name").asText()).isEqualTo("LSTM 90% interval");
    assertThat(Files.readAllLines(csv)).hasSize(6);

    // A report directory that is a file: nothing is written, the old CSV stays.
    Path blocked = Files.writeString(dir.resolve("blocked"), "a file");
    String before = Files.readString(csv);
    MainTest.Run bad = Cli.run("predict", "--model", model, "--data", data, "--forecast", 7,
        "--out", csv, "--report", blocked);
    assertThat(bad.code()).isNotEqualTo(Main.OK);
    assertThat(bad.err().lines().count()).isEqualTo(1);
    assertThat(Files.readString(csv)).isEqualTo(before);
  }

  @Test
  void shellQuote_roundTrips() {
    String[] words = {"plain", "with space", "it's", "", "a,b", "$HOME"};
    List<String> quoted = new ArrayList<>();
    for (String w : words) {
      quoted.add(ForecastReport.shellQuote(w));
    }
    assertThat(shellWords(String.join(" ", quoted))).containsExactly(words);
  }

  /** Splits a command line as a POSIX shell does for bare and single-quoted words. */
  private static List<String> shellWords(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        w.append(line, i + 1, end);
        i = end;
        inWord = true;
      } else if (c == '\\' && i + 1 < line.length()) {
        w.append(line.charAt(++i));
        inWord = true;
      } else if (c == ' ') {
        if (inWord) {
          out.add(w.toString());
          w.setLength(0);
          inWord = false;
        }
      } else {
        w.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      out.add(w.toString());
    }
    return out;
  }
}
