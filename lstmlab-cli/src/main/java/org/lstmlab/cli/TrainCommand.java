package org.lstmlab.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.lstmlab.core.forecast.Evaluation;
import org.lstmlab.core.forecast.FittedForecaster;
import org.lstmlab.core.forecast.ForecastConfig;
import org.lstmlab.core.forecast.ForecastSpec;
import org.lstmlab.core.forecast.Forecaster;
import org.lstmlab.core.forecast.SeriesDataset;
import org.lstmlab.core.forecast.TimeSeries;
import org.lstmlab.core.forecast.WindowPredictions;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.train.TrainerConfig;
import org.lstmlab.core.train.TrainingResult;
import org.lstmlab.io.ForecasterFile;
import org.lstmlab.io.ModelFile;
import org.lstmlab.io.ModelSpec;
import org.lstmlab.io.OutputTransaction;
import org.lstmlab.io.RunRecord;
import org.lstmlab.report.LossCurve;
import org.lstmlab.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lstmlab train}: fits the library's forecasting pipeline ({@link Forecaster}) to a CSV
 * file of one or many series and saves the model with its run record (columns, transform,
 * per-series scalers, split, training settings and result) as a safetensors file.
 *
 * <p>A thin shell: the flags become a {@link ForecastConfig} ({@link PipelineFlags}), the file a
 * {@link SeriesDataset}; training prints the loss every {@code --print-every} epochs; at the end
 * the model's scores on every part next to the naive, seasonal naive, drift and mean forecasts,
 * with MASE, and one line per part saying whether the model beats them. A run that diverges writes
 * nothing and exits with 1; the model file is replaced whole or not at all.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Train a forecasting model on a CSV file and save it as a safetensors file.")
final class TrainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin PipelineFlags.Data data;
  @Mixin PipelineFlags.Model model;
  @Mixin PipelineFlags.Training training;

  @Option(names = "--init", paramLabel = "MODEL",
      description = "Start from this model file's weights (ours or PyTorch's); its cell and"
          + " sizes are taken unless given, and those given must agree.")
  Path init;

  @Option(names = "--out", paramLabel = "MODEL", required = true,
      description = "The model file to write (.safetensors); replaced whole or left as it was.")
  Path out;

  @Option(names = "--report", paramLabel = "DIR",
      description = "Also write report.html and report.png into this directory.")
  Path report;

  @Option(names = "--json",
      description = "Print one JSON object (settings, training, scores) instead of the text.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    SequenceModel start = loadInit();
    ForecastConfig config = PipelineFlags.config(spec, model, training);
    Flags.modelSize(spec, model.cell, 1 + data.past.size() + data.future.size() * 2, model.hidden,
        model.layers, model.horizon);
    Flags.output(spec, "--out", out, data.file, init);
    if (report != null) {
      ReportFiles.check(report);
    }
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter text = json ? new PrintWriter(Writer.nullWriter()) : stdout;
    SeriesDataset ds = data.read(spec);
    try {
      new Forecaster(config).check(ds);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(data.file + ": " + e.getMessage(), e);
    }
    int rows = ds.series().stream().mapToInt(TimeSeries::length).sum();
    text.printf(Locale.ROOT, "%s: %d rows%s; target '%s'%s%s%n", data.file, rows,
        ds.series().size() == 1 ? "" : " in " + ds.series().size() + " series",
        ds.target(), ds.past().isEmpty() ? "" : ", past covariates " + ds.past(),
        ds.future().isEmpty() ? "" : ", known-future covariates " + ds.future());
    text.flush();

    LossPrinter printer = new LossPrinter(text, training.printEvery, training.epochs,
        !json && LossPrinter.onTerminal());
    Forecaster.Fit fit;
    try {
      fit = new Forecaster(config).fit(ds, printer, null, start);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(data.file + ": " + e.getMessage(), e);
    }
    FittedForecaster f = fit.forecaster();
    TrainingResult result = fit.result();
    if (result.diverged()) {
      throw new CommandFailure(data.file + ": " + result.message() + "; " + out + " not written");
    }
    ForecastSpec s = f.spec();
    text.printf(Locale.ROOT, "Pipeline: window %d, horizon %d, transform %s%s, season %d,"
            + " scaler %s per series (fitted on the training part)%n", s.window(), s.horizon(),
        s.transform(), s.relative() ? ", windows relative to their last value" : "", s.season(),
        s.scaler());
    TrainerConfig tc = config.training();
    text.printf(Locale.ROOT, "Model: %s, hidden %d, %d layer%s, %,d parameters%s; %s lr %s, %s,"
            + " batch %d, %s; %s in %d ms%n", s.cell().id(), s.hidden(), s.layers(),
        s.layers() == 1 ? "" : "s", f.model().parameters().size(),
        init == null ? "" : ", from " + init, tc.optimizer(), tc.lr(), tc.loss(), tc.batchSize(),
        tc.shuffle() ? "shuffled" : "in order", result.message(), result.elapsedMillis());

    List<WindowPredictions> preds = f.predictions(ds);
    List<Evaluation> parts = new ArrayList<>();
    for (WindowPredictions.Part p : List.of(WindowPredictions.Part.TRAIN,
        WindowPredictions.Part.VALIDATION, WindowPredictions.Part.TEST)) {
      if (preds.stream().anyMatch(w -> !w.range(p).isEmpty())) {
        parts.add(Evaluation.of(f, preds, p));
      }
    }
    RunRecord record = RunRecord.of(fit, Optional.of(data.file.getFileName().toString()),
        Optional.of(data.missing));
    String name = s.cell().id().toUpperCase(Locale.ROOT);
    Path[] files;
    try (OutputTransaction tx = OutputTransaction.begin()) { // the model and its report, or neither
      ForecasterFile.save(tx, out, f, record);
      files = report == null ? null : ReportFiles.stage(tx,
          report(ds, f, preds.get(0), name, result, parts, record), report);
      tx.commit();
    }

    text.println();
    text.printf(Locale.ROOT, "Scores in %s's units (naive: the last value; seasonal_naive: the"
        + " last value of the same season; drift: the line from the first value on; mean: of"
        + " the training part):%n", ds.target());
    Scoreboard.print(text, name, parts);
    text.println();
    text.println("Model: " + out);
    if (files != null) {
      text.println("Report: " + files[0]);
      text.println("Chart:  " + files[1]);
    }
    text.flush();
    if (json) {
      ObjectNode root = Json.object();
      root.put("data", data.file.toString());
      root.put("model_file", out.toString());
      root.set("record", record.toJson());
      root.set("scores", Scoreboard.json(parts));
      if (files != null) {
        ReportFiles.putJson(root, files);
      }
      Json.print(stdout, root);
    }
    return Main.OK;
  }

  /**
   * Reads the --init file, if any: the cell and sizes not given as flags are taken from it, and
   * those given must agree with it.
   */
  private SequenceModel loadInit() throws IOException {
    if (init == null) {
      return null;
    }
    Optional<CellType> cell = given("--cell") ? Optional.of(CellType.fromId(
        Flags.oneOf(spec, "--cell", model.cell, PipelineFlags.CELLS))) : Optional.empty();
    ModelFile.LoadedModel loaded = ModelFile.load(init, OptionalInt.of(1), cell);
    ModelSpec s = loaded.spec();
    loaded.notes().forEach(spec.commandLine().getErr()::println);
    model.cell = agree("--cell", model.cell, s.cell().id());
    model.hidden = Integer.parseInt(agree("--hidden", "" + model.hidden, "" + s.hidden()));
    model.layers = Integer.parseInt(agree("--layers", "" + model.layers, "" + s.layers()));
    model.horizon = Integer.parseInt(agree("--horizon", "" + model.horizon, "" + s.outputSize()));
    return loaded.model();
  }

  private boolean given(String flag) {
    return spec.commandLine().getParseResult().hasMatchedOption(flag);
  }

  /** A flag the user gave must agree with the --init file; one not given takes the file's. */
  private String agree(String flag, String value, String fromFile) {
    if (given(flag) && !value.equals(fromFile)) {
      throw new CommandFailure(init + ": the model has " + flag.substring(2) + " " + fromFile
          + ", but " + flag + " is " + value + "; leave " + flag + " out to take the file's");
    }
    return fromFile;
  }

  private Report report(SeriesDataset ds, FittedForecaster f, WindowPredictions wp, String name,
      TrainingResult result, List<Evaluation> parts, RunRecord record) {
    TimeSeries series = wp.series();
    Report.Builder r = ForecastReport.of(name + " on " + data.file.getFileName()
            + (series.id().isEmpty() ? "" : ", series " + series.id()), name, ds.target(),
        ds.timeColumn().orElse(null), f, wp, parts, ForecastReport.steps(f),
        ForecastReport.COVERAGE, null)
        .loss(LossCurve.of(name, result.trainLoss(),
            record.spec().validation() > 0 ? result.validationLoss() : new double[0]));
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("data", data.file);
    cfg.put("model_file", out);
    ForecastReport.config(record).forEach(cfg::putIfAbsent);
    r.config(cfg);
    r.command(ForecastReport.replay(record, data.file.toString(), data.delimiter, data.missing,
        out.toString()));
    r.note(result.message());
    return r.build();
  }
}
