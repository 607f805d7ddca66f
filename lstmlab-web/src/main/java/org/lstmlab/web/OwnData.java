package org.lstmlab.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.lstmlab.core.forecast.Evaluation;
import org.lstmlab.core.forecast.FittedForecaster;
import org.lstmlab.core.forecast.Forecast;
import org.lstmlab.core.forecast.ForecastConfig;
import org.lstmlab.core.forecast.ForecastSpec;
import org.lstmlab.core.forecast.Forecaster;
import org.lstmlab.core.forecast.MissingValues;
import org.lstmlab.core.forecast.SeriesDataset;
import org.lstmlab.core.forecast.SeriesState;
import org.lstmlab.core.forecast.TimeSeries;
import org.lstmlab.core.forecast.WindowPredictions;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.train.TrainingListener;
import org.lstmlab.core.train.TrainingResult;
import org.lstmlab.io.CsvDataset;
import org.lstmlab.io.FileFormatException;
import org.lstmlab.io.ForecasterFile;
import org.lstmlab.io.RunRecord;
import org.lstmlab.report.HtmlReport;
import org.lstmlab.report.LossCurve;
import org.lstmlab.report.Report;
import org.lstmlab.report.Series;
import org.lstmlab.report.Trace;

/**
 * Your own data in the browser: a CSV the page uploads (at most {@value Limits#MAX_UPLOAD_BYTES}
 * bytes), read by the library's reader ({@link CsvDataset}, whose errors are one line naming the
 * line and column), one target column and optionally a time column; each ticked cell trained by
 * the forecasting pipeline with the library's defaults ({@link ForecastConfig}: automatic window
 * and season, relative windows, per-series scaling, early stopping), scored on the test part
 * against the baselines, and continued past the end of the data. The model file ({@link
 * ForecasterFile}, with its run record) and an HTML report can then be downloaded.
 *
 * <p>Lifecycle: {@link Settings#from} → {@link Plan#of} (reads and checks, 400 on bad data) → {@link
 * Run#train} per model on the jobs' pool → {@link #modelFile} / {@link #report} on request.
 */
final class OwnData {

  private OwnData() {}

  /**
   * What the page sends.
   *
   * @param fileName the uploaded file's name, as errors name it
   * @param csv the file's text
   * @param target the column to forecast
   * @param time the time labels' column, if any
   * @param missing what to do with blank values
   * @param models the cells to train
   * @param hidden H
   * @param epochs at most this many epochs (early stopping usually ends sooner)
   * @param horizon h, steps ahead per forecast
   * @param forecast steps to forecast past the end of the data
   * @param seed the trainer's and the models' seed
   */
  record Settings(String fileName, String csv, String target, Optional<String> time,
      MissingValues missing, List<String> models, int hidden, int epochs, int horizon,
      int forecast, long seed) {

    static Settings from(Params p) {
      List<String> names = new ArrayList<>(List.of("file_name", "csv", "target", "time",
          "missing", "models"));
      Fields.OWN.forEach(f -> names.add(f.name()));
      p.requireOnly(names);
      String csv = p.raw("csv");
      if (csv == null || csv.isBlank()) {
        throw ApiError.badRequest("csv must hold the file's text, got nothing");
      }
      int bytes = csv.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > Limits.MAX_UPLOAD_BYTES) {
        throw new ApiError(413, "the file is too large: " + bytes + " bytes, at most "
            + Limits.MAX_UPLOAD_BYTES);
      }
      String target = p.string("target", "");
      if (target.isEmpty()) {
        throw ApiError.badRequest("target must name the column to forecast");
      }
      String time = p.string("time", "");
      MissingValues missing;
      try {
        missing = MissingValues.of(p.string("missing", MissingValues.ERROR.id()));
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest(e.getMessage());
      }
      List<String> models = TrainSettings.models(p.string("models", "lstm"));
      return new Settings(OwnData.fileName(p.string("file_name", "data.csv")), csv, target,
          time.isEmpty() ? Optional.empty() : Optional.of(time), missing, models,
          Fields.OWN_HIDDEN.readInt(p), Fields.OWN_EPOCHS.readInt(p),
          Fields.HORIZON.readInt(p), Fields.FORECAST.readInt(p), Fields.OWN_SEED.readSeed(p));
    }

    /** The pipeline's configuration for one cell: the library's defaults with these sizes. */
    ForecastConfig config(String model) {
      return ForecastConfig.builder().cell(CellType.fromId(model)).hidden(hidden)
          .horizon(horizon).training(ForecastConfig.defaultTraining().toBuilder().epochs(epochs)
              .seed(seed).build())
          .build();
    }
  }

  /** A name for errors and downloads: letters, digits, dot, dash and underscore only. */
  static String fileName(String name) {
    String base = name.replace('\\', '/');
    base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
    if (base.isEmpty() || base.startsWith(".")) {
      base = "data" + base;
    }
    return base.length() > 60 ? base.substring(0, 60) : base;
  }

  /**
   * The data read and checked, before any training: the dataset, the spec the pipeline resolves
   * (window, season, transform), the first series and the baselines' scores on its test part.
   */
  record Plan(SeriesDataset data, TimeSeries series, ForecastSpec spec, SeriesState state,
      Evaluation baselines, WindowPredictions.Part part) {

    /**
     * @throws ApiError 400 with the reader's or the pipeline's one line
     */
    static Plan of(Settings s) {
      SeriesDataset data = read(s);
      if (data.series().size() > 1) {
        throw ApiError.badRequest("the data holds several series; this page forecasts one");
      }
      try {
        Forecaster forecaster = new Forecaster(s.config(s.models().get(0)));
        ForecastSpec spec = forecaster.check(data);
        FittedForecaster untrained = forecaster.untrained(data, null);
        TimeSeries series = data.series().get(0);
        WindowPredictions.Part part = spec.test() > 0 ? WindowPredictions.Part.TEST
            : WindowPredictions.Part.VALIDATION;
        Evaluation baselines = Evaluation.of(untrained, List.of(untrained.predictions(series)),
            part);
        return new Plan(data, series, spec, untrained.states().get(0), baselines, part);
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest(e.getMessage());
      }
    }

    int trainWindows() {
      return spec.split().apply(series.length(), spec.span(), spec.horizon()).train().size();
    }
  }

  /**
   * The CSV through the library's reader, from a private temporary copy named as the upload, so
   * its one-line errors name the user's file, line and column.
   */
  static SeriesDataset read(Settings s) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("lstmlab-upload-");
      Path file = dir.resolve(s.fileName());
      Files.writeString(file, s.csv(), StandardCharsets.UTF_8);
      try {
        return CsvDataset.read(file, CsvDataset.Columns.target(s.target(), s.time()),
            Optional.empty(), s.missing());
      } catch (FileFormatException | IllegalArgumentException e) {
        throw ApiError.badRequest(String.valueOf(e.getMessage()).replace(dir + "/", ""));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the upload for reading: " + e.getMessage(), e);
    } finally {
      delete(dir);
    }
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary file left behind is harmless
    }
  }

  /** The start event: the series, its parts and the baselines' scores. */
  static Map<String, Object> startEvent(Settings s, Plan plan) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("models", s.models());
    m.put("file_name", s.fileName());
    m.put("target", s.target());
    m.put("time_column", s.time().orElse(null));
    m.put("series", Json.nums(plan.series().target()));
    m.put("times", plan.series().times());
    m.put("window", plan.spec().window());
    m.put("horizon", plan.spec().horizon());
    m.put("season", plan.spec().season());
    m.put("transform", plan.spec().transform().toString());
    m.put("train_end", plan.state().trainEnd());
    m.put("test_from", plan.part() == WindowPredictions.Part.TEST
        ? plan.state().validationEnd() : plan.state().trainEnd());
    m.put("part", plan.part().id());
    Map<String, Object> b = new LinkedHashMap<>();
    plan.baselines().scores().forEach((name, score) -> {
      boolean sameAsNaive = plan.spec().season() == 1
          && name.equals(WindowPredictions.Baseline.SEASONAL_NAIVE.id());
      if (!name.equals(Evaluation.MODEL) && !sameAsNaive) {
        b.put(name, TrainingJobs.score(score, plan.baselines().mapeUnreliable()));
      }
    });
    m.put("baselines", b);
    m.put("mape_unreliable", plan.baselines().mapeUnreliable());
    return m;
  }

  /** What a trained model leaves for the downloads. */
  record Trained(FittedForecaster forecaster, RunRecord record, Report report) {}

  /** The models of one job; the last to finish publishes {@code done}. */
  static final class Run {
    final TrainingJob job;
    final Settings settings;
    final Plan plan;
    final AtomicInteger left;
    final Map<String, String> results = new java.util.concurrent.ConcurrentHashMap<>();

    Run(TrainingJob job, Settings settings, Plan plan) {
      this.job = job;
      this.settings = settings;
      this.plan = plan;
      this.left = new AtomicInteger(settings.models().size());
    }

    void train(String model) {
      job.running();
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("model", model);
      try {
        ForecastConfig config = settings.config(model);
        TrainingListener listener = TrainingJobs.epochs(job, model);
        Forecaster.Fit fit = new Forecaster(config).fit(plan.data(), listener, job::cancelled);
        TrainingResult r = fit.result();
        FittedForecaster f = fit.forecaster();
        e.put("stop_reason", r.stopReason().name());
        e.put("message", r.message());
        e.put("epochs", r.epochs());
        if (r.diverged()) {
          results.put(model, "FAILED");
        } else {
          WindowPredictions wp = f.predictions(plan.series());
          Evaluation ev = Evaluation.of(f, List.of(wp), plan.part());
          Forecast next = f.forecast(plan.series(), settings.forecast());
          int h = wp.horizon();
          double[] first = new double[wp.count()]; // each window's first step ahead
          for (int n = 0; n < first.length; n++) {
            first[n] = wp.predicted()[n * h];
          }
          e.put("first_target", wp.first() + 1);
          e.put("predictions", Json.nums(first));
          e.put("metrics", TrainingJobs.score(ev.model(), ev.mapeUnreliable()));
          e.put("beats_baselines", ev.modelBeatsBaselines());
          e.put("forecast", Map.of("times", next.times(), "values", Json.nums(next.values())));
          RunRecord record = RunRecord.of(fit, Optional.of(settings.fileName()),
              Optional.of(settings.missing().id()));
          job.keep(model, new Trained(f, record, report(model, wp, r, ev, next)));
          e.put("model_file", "/api/own/" + job.id + "/" + model + "/model.safetensors");
          e.put("report", "/api/own/" + job.id + "/" + model + "/report.html");
          results.put(model, r.stopReason().name());
        }
      } catch (RuntimeException ex) {
        e.put("stop_reason", "FAILED");
        e.put("message", String.valueOf(ex.getMessage()));
        results.put(model, "FAILED");
      } finally {
        job.publish("model", Json.write(e));
        if (left.decrementAndGet() == 0) {
          TrainingJobs.finish(job, results);
        }
      }
    }

    private Report report(String model, WindowPredictions wp, TrainingResult r, Evaluation ev,
        Forecast next) {
      String name = model.toUpperCase(Locale.ROOT);
      TimeSeries s = plan.series();
      Series chart = s.times().isEmpty() ? Series.of(settings.target(), s.target())
          : Series.labelled(settings.target(), settings.time().orElse("time"), s.times(),
              s.target());
      int h = wp.horizon();
      double[] first = new double[wp.count()];
      for (int n = 0; n < first.length; n++) {
        first[n] = wp.predicted()[n * h];
      }
      Report.Builder b = Report.builder(name + " on " + settings.fileName())
          .description("Forecasting '" + settings.target() + "' " + h + " step"
              + (h == 1 ? "" : "s") + " ahead from windows of " + plan.spec().window()
              + ", trained in the LSTM Lab web app.")
          .series(chart)
          .prediction(Trace.from(name, wp.first() + 1, first))
          .forecast(Trace.from(name, s.length(), next.values()))
          .loss(LossCurve.of(name, r.trainLoss(), r.validationLoss()));
      ev.scores().forEach((m, sc) -> {
        Map<String, Double> v = new LinkedHashMap<>(sc.metrics().toMap());
        v.put("mase", sc.mase());
        if (ev.mapeUnreliable()) {
          v.remove("mape");
        }
        b.metric(m.equals(Evaluation.MODEL) ? name : m, ev.part().id(), v);
      });
      b.config("data", settings.fileName());
      b.config("target", settings.target());
      b.config("window", plan.spec().window());
      b.config("horizon", h);
      b.config("season", plan.spec().season());
      b.config("hidden", settings.hidden());
      b.config("seed", settings.seed());
      b.note(r.message());
      b.note(name + (ev.modelBeatsBaselines() ? " beats every baseline" : " does not beat the"
          + " best baseline (" + ev.bestBaseline() + ")") + " on the " + ev.part().id()
          + " part's MSE.");
      return b.build();
    }
  }

  /** The model file of a trained model, as bytes. */
  static byte[] modelFile(Trained t) throws IOException {
    Path dir = Files.createTempDirectory("lstmlab-model-");
    try {
      Path file = dir.resolve("model.safetensors");
      ForecasterFile.save(file, t.forecaster(), t.record());
      return Files.readAllBytes(file);
    } finally {
      delete(dir);
    }
  }

  /** The report's HTML. */
  static String report(Trained t) {
    return HtmlReport.render(t.report());
  }
}
