package org.lstmlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.lstmlab.core.forecast.Evaluation;
import org.lstmlab.core.forecast.FittedForecaster;
import org.lstmlab.core.forecast.Forecast;
import org.lstmlab.core.forecast.Intervals;
import org.lstmlab.core.forecast.OutputOverflowException;
import org.lstmlab.core.forecast.TimeSeries;
import org.lstmlab.core.forecast.WindowPredictions;
import org.lstmlab.io.CsvWriter;
import org.lstmlab.io.OutputTransaction;
import org.lstmlab.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lstmlab predict}: a model's forecasts for a CSV series, in the data's units, written
 * atomically to a CSV file.
 *
 * <p>Without {@code --forecast}: one row per window and step ahead, {@code index,step,actual,
 * prediction}, where {@code index} is the time label (or 0-based position) of the value forecast
 * and {@code step} 1 … h. With {@code --forecast N}: the N values after the end of each series,
 * {@code index,forecast}, where {@code index} continues the time column (years, months, dates,
 * numbers: {@link org.lstmlab.core.forecast.TimeAxis}); the model forecasts h values at once and
 * feeds them back for more. A file of several series gets a leading {@code series} column.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Write a model's forecasts for every window of a CSV series, or with --forecast"
        + " the next N values after its end, to a CSV file.")
final class PredictCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--model", paramLabel = "MODEL", required = true,
      description = "A model file (.safetensors), from lstmlab train or PyTorch.")
  Path modelFile;

  @Option(names = "--data", paramLabel = "FILE", required = true,
      description = "CSV file with a header row and the model's columns.")
  Path data;

  @Mixin SavedModel.Overrides overrides;

  @Option(names = "--out", paramLabel = "FILE", required = true,
      description = "The CSV file to write; replaced whole or left as it was.")
  Path out;

  @Option(names = "--forecast", paramLabel = "N", defaultValue = "0",
      description = "Forecast the N values after the end of each series instead (default:"
          + " ${DEFAULT-VALUE}: forecasts from every window).")
  int forecast;

  @Option(names = "--intervals", paramLabel = "COVERAGE",
      description = "With --forecast: add lower and upper bounds of prediction intervals of this"
          + " coverage (e.g. 0.8), from the model's own errors on the held-out part.")
  Double intervals;

  @Option(names = "--report", paramLabel = "DIR",
      description = "Also write report.html and report.png: the first series with its held-out"
          + " parts shaded, the fitted values and the baselines', the forecast (--forecast N, or"
          + " a season ahead) with its interval (--intervals, or 0.8) and the scores per part.")
  Path report;

  @Override
  public Integer call() throws IOException {
    // Each step is a forward pass over a window: 10^7 steps once took 106 s and wrote 219 MB
    // without a word; 10^5 take about a second, and so far ahead a recursive forecast is its own
    // errors fed back anyway.
    Flags.range(spec, "--forecast", forecast, 0, Flags.MAX_SIZE);
    if (intervals != null) {
      if (!(intervals > 0 && intervals < 1)) {
        throw Flags.usage(spec, "--intervals must be in (0, 1), e.g. 0.8, got " + intervals);
      }
      if (forecast == 0) {
        throw Flags.usage(spec, "--intervals needs --forecast N");
      }
    }
    Flags.output(spec, "--out", out, modelFile, data);
    if (report != null) {
      ReportFiles.check(report);
    }
    SavedModel m = SavedModel.load(spec, modelFile, data, overrides);
    PrintWriter err = spec.commandLine().getErr();
    m.notes.forEach(err::println);
    err.flush();
    FittedForecaster f = m.forecaster;
    boolean many = m.data.series().size() > 1;
    List<List<String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>();
    if (many) {
      header.add("series");
    }
    int count = 0;
    Forecast firstForecast = null; // the first series' results, which the report shows
    WindowPredictions firstPredictions = null;
    if (forecast > 0) {
      header.addAll(List.of("index", "forecast"));
      if (intervals != null) {
        header.addAll(List.of("lower", "upper"));
      }
      for (TimeSeries s : m.data.series()) {
        Forecast fc;
        try {
          fc = f.forecast(s, forecast);
          if (intervals != null) {
            fc = Intervals.of(f, s, fc, intervals);
          }
        } catch (IllegalArgumentException e) {
          throw new CommandFailure(modelFile + ": " + e.getMessage(), e);
        }
        if (firstForecast == null) {
          firstForecast = fc;
        }
        for (int k = 0; k < fc.size(); k++) {
          List<String> r = row(many, s.id(), fc.times().get(k),
              Float.toString((float) fc.values()[k]));
          if (intervals != null) {
            r.add(Float.toString((float) fc.lower()[k]));
            r.add(Float.toString((float) fc.upper()[k]));
          }
          rows.add(r);
        }
        count += fc.size();
      }
    } else {
      header.addAll(List.of("index", "step", "actual", "prediction"));
      for (TimeSeries s : m.data.series()) {
        WindowPredictions wp = predictions(f, s);
        if (firstPredictions == null) {
          firstPredictions = wp;
        }
        int h = wp.horizon();
        for (int w = 0; w < wp.count(); w++) {
          for (int k = 0; k < h; k++) {
            int at = wp.first() + w + 1 + k;
            String index = s.times().isEmpty() ? Integer.toString(at) : s.times().get(at);
            rows.add(row(many, s.id(), index, Integer.toString(k + 1),
                Double.toString(wp.actual()[w * h + k]),
                Float.toString((float) wp.predicted()[w * h + k])));
          }
        }
        count += wp.count() * h;
      }
    }
    Path[] files = null;
    try (OutputTransaction tx = OutputTransaction.begin()) { // the CSV and its report, or neither
      CsvWriter.write(tx, out, header, rows);
      if (report != null) {
        files = ReportFiles.stage(tx, report(m, firstPredictions, firstForecast), report);
      }
      tx.commit();
    }
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf(Locale.ROOT, "%s: %d %s in %s's units%n", out, count,
        forecast > 0 ? "forecasts past the end" : "forecasts over windows of "
            + f.spec().window(), f.spec().target());
    if (files != null) {
      stdout.println("Report: " + files[0]);
      stdout.println("Chart:  " + files[1]);
    }
    return Main.OK;
  }

  /** The model's forecasts from every window of {@code s}, or a one-line failure. */
  private WindowPredictions predictions(FittedForecaster f, TimeSeries s) {
    try {
      return f.predictions(s);
    } catch (OutputOverflowException e) {
      throw new CommandFailure(modelFile + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(data + ": " + e.getMessage(), e);
    }
  }

  /**
   * The first series' report: history, parts, fitted values, forecast, scores.
   *
   * @param wp the first series' window predictions if the CSV has them already, or null
   * @param fc the first series' forecast past the data if the CSV has it already, or null
   */
  private Report report(SavedModel m, WindowPredictions wp, Forecast fc) {
    FittedForecaster f = m.forecaster;
    TimeSeries s = m.data.series().get(0);
    if (wp == null) {
      wp = predictions(f, s);
    }
    List<Evaluation> parts = new ArrayList<>();
    for (WindowPredictions.Part p : List.of(WindowPredictions.Part.TRAIN,
        WindowPredictions.Part.VALIDATION, WindowPredictions.Part.TEST)) {
      if (!wp.range(p).isEmpty()) {
        parts.add(Evaluation.of(f, List.of(wp), p));
      }
    }
    String name = m.name();
    Report.Builder r = ForecastReport.of(name + " forecast of " + data.getFileName()
            + (s.id().isEmpty() ? "" : ", series " + s.id()), name, f.spec().target(),
        m.data.timeColumn().orElse(null), f, wp, parts,
        forecast > 0 ? forecast : ForecastReport.steps(f),
        intervals != null ? intervals : ForecastReport.COVERAGE, fc);
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("data", data);
    cfg.put("model_file", modelFile);
    m.record.ifPresent(rec -> ForecastReport.config(rec).forEach(cfg::putIfAbsent));
    r.config(cfg);
    if (m.data.series().size() > 1) {
      r.note("The chart and the scores are those of series '" + s.id() + "', the first of "
          + m.data.series().size() + "; the CSV file has them all.");
    }
    return r.build();
  }

  private static List<String> row(boolean many, String id, String... values) {
    List<String> r = new ArrayList<>();
    if (many) {
      r.add(id);
    }
    r.addAll(List.of(values));
    return r;
  }
}
