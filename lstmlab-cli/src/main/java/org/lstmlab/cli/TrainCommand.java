package org.lstmlab.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.lstmlab.core.data.Scaler;
import org.lstmlab.core.data.Split;
import org.lstmlab.core.loss.Losses;
import org.lstmlab.core.metrics.Baselines;
import org.lstmlab.core.metrics.Metrics;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.optim.Optimizers;
import org.lstmlab.core.train.Predictor;
import org.lstmlab.core.train.Trainer;
import org.lstmlab.core.train.TrainerConfig;
import org.lstmlab.core.train.TrainingResult;
import org.lstmlab.io.ModelFile;
import org.lstmlab.io.ModelSpec;
import org.lstmlab.io.OutputTransaction;
import org.lstmlab.report.LossCurve;
import org.lstmlab.report.Report;
import org.lstmlab.report.Series;
import org.lstmlab.report.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lstmlab train}: fits a model to a column of a CSV file and saves it as a safetensors
 * model file.
 *
 * <p>The series is cut chronologically into training, validation and test parts ({@link Split}:
 * windows belong to the part holding their targets); the scaler is fitted on the training part
 * only and stored in the model file with everything else needed to use the model again: the
 * columns, the target, the time column, the split, the training configuration and the mean of
 * the training targets (the mean baseline's forecast). Training runs the core's {@link Trainer}:
 * the loss every {@code --print-every} epochs in the notebook's style, a progress bar on a
 * terminal, early stopping on the validation loss with {@code --patience}. A run that diverges
 * writes nothing and exits with 1; the model file is written atomically, so an existing one is
 * replaced whole or not at all. At the end: the metrics on every part, in the data's own units,
 * next to the naive and mean baselines.
 *
 * <p>{@code --init MODEL} starts from a model file's weights (ours or PyTorch's): sizes not given
 * as flags are taken from it, and those given must agree with it.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Train a model on a column of a CSV file and save it as a safetensors file.")
final class TrainCommand implements Callable<Integer> {

  /** Model names accepted by --model: the cells' ids. */
  static final List<String> MODELS = List.of("lstm", "gru", "rnn", "rnn_relu");

  @Spec CommandSpec spec;

  @Option(names = "--data", paramLabel = "FILE", required = true,
      description = "CSV file with a header row.")
  Path data;

  @Option(names = "--target", paramLabel = "COLUMN", required = true,
      description = "The column to forecast.")
  String target;

  @Option(names = "--features", paramLabel = "COLUMNS", split = ",",
      description = "Input columns, comma-separated (default: the target alone); list the target"
          + " too for a model that reads its past.")
  List<String> features = new ArrayList<>();

  @Option(names = "--time-column", paramLabel = "COLUMN",
      description = "Column of time labels, kept for the report and predictions.")
  String timeColumn;

  @Option(names = "--model", paramLabel = "CELL", defaultValue = "lstm",
      description = "lstm, gru, rnn or rnn_relu (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--hidden", paramLabel = "H", defaultValue = "100",
      description = "Hidden units per layer (default: ${DEFAULT-VALUE}, as the notebook).")
  int hidden;

  @Option(names = "--layers", paramLabel = "L", defaultValue = "1",
      description = "Stacked recurrent layers (default: ${DEFAULT-VALUE}).")
  int layers;

  @Option(names = "--dropout", paramLabel = "P", defaultValue = "0",
      description = "Dropout between stacked layers in training (default: ${DEFAULT-VALUE}).")
  double dropout;

  @Option(names = "--window", paramLabel = "W", defaultValue = "10",
      description = "Time steps per input window (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--horizon", paramLabel = "H", defaultValue = "1",
      description = "Values each window forecasts (default: ${DEFAULT-VALUE}).")
  int horizon;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "" + TrainerConfig.DEFAULT_EPOCHS,
      description = "Passes over the training windows (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", paramLabel = "B",
      defaultValue = "" + TrainerConfig.DEFAULT_BATCH_SIZE,
      description = "Windows per update (default: ${DEFAULT-VALUE}, as the notebook).")
  int batchSize;

  @Option(names = "--lr", paramLabel = "RATE", defaultValue = "" + TrainerConfig.DEFAULT_LR,
      description = "Learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--optimizer", paramLabel = "NAME",
      defaultValue = TrainerConfig.DEFAULT_OPTIMIZER,
      description = "sgd, adam, adamw or rmsprop (default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(names = "--loss", paramLabel = "NAME", defaultValue = TrainerConfig.DEFAULT_LOSS,
      description = "mse, mae or huber (default: ${DEFAULT-VALUE}).")
  String loss;

  @Option(names = "--clip", paramLabel = "NORM", defaultValue = "" + TrainerConfig.DEFAULT_CLIP,
      description = "Clip the global gradient norm to this; 0 = off (default: ${DEFAULT-VALUE}).")
  double clip;

  @Option(names = "--scale", paramLabel = "SCALER", defaultValue = Scaler.STANDARD,
      description = "none, standard or minmax, fitted on the training part only"
          + " (default: ${DEFAULT-VALUE}).")
  String scale;

  @Option(names = "--shuffle", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Shuffle the training windows each epoch; --no-shuffle keeps series order"
          + " (default: shuffle).")
  boolean shuffle;

  @Option(names = "--validation-split", paramLabel = "FRACTION", defaultValue = "0.1",
      description = "Fraction of the series, before the test part, for validation"
          + " (default: ${DEFAULT-VALUE}).")
  double validationSplit;

  @Option(names = "--test-split", paramLabel = "FRACTION", defaultValue = "0.1",
      description = "Fraction of the series, at its end, for testing (default: ${DEFAULT-VALUE}).")
  double testSplit;

  @Option(names = "--patience", paramLabel = "EPOCHS",
      defaultValue = "" + TrainerConfig.DEFAULT_PATIENCE,
      description = "Stop after this many epochs without a lower validation loss and keep the"
          + " best epoch's weights; 0 = off (default: ${DEFAULT-VALUE}).")
  int patience;

  @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42",
      description = "Seed of the initial weights, the shuffle order and dropout"
          + " (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--print-every", paramLabel = "N", defaultValue = "1",
      description = "Print the loss every N epochs, and after the last (default: ${DEFAULT-VALUE}).")
  int printEvery;

  @Option(names = "--init", paramLabel = "MODEL",
      description = "Start from this model file's weights (ours or PyTorch's); its shapes must fit.")
  Path init;

  @Option(names = "--out", paramLabel = "MODEL", required = true,
      description = "The model file to write (.safetensors); replaced whole or left as it was.")
  Path out;

  @Option(names = "--report", paramLabel = "DIR",
      description = "Also write report.html and report.png into this directory.")
  Path report;

  @Override
  public Integer call() throws IOException {
    validate();
    PrintWriter text = spec.commandLine().getOut();
    if (report != null) {
      ReportFiles.check(report);
    }
    ModelFile.LoadedModel start = loadInit();
    Dataset ds = Dataset.read(data, target, features, Optional.ofNullable(timeColumn));
    Split split = Split.fractions(validationSplit, testSplit);
    Split.Parts parts = ds.split(split, window, horizon);
    Scaler scaler = ds.fitScaler(scale, parts.trainEnd());
    Scaler targetScaler = scaler.feature(0);
    Dataset.Windowed all = ds.windows(scaler, window, horizon);
    Dataset.Windowed train = all.slice(parts.train());
    Dataset.Windowed val = parts.validation().isEmpty() ? null : all.slice(parts.validation());

    SequenceModel net = newModel(ds.inputs().size(), start);
    TrainerConfig config = TrainerConfig.builder()
        .epochs(epochs).batchSize(batchSize).shuffle(shuffle).optimizer(optimizer).lr(lr)
        .loss(loss).clip(clip).patience(patience).seed(seed).build();

    text.printf(Locale.ROOT, "%s: %d rows; target '%s', inputs %s%s%n", data, ds.length(), target,
        ds.inputs(), timeColumn == null ? "" : ", time '" + timeColumn + "'");
    text.printf(Locale.ROOT, "Windows of %d predict %d: %d for training, %d validation, %d test;"
            + " scaler %s fitted on the first %d rows%n", window, horizon, parts.train().size(),
        parts.validation().size(), parts.test().size(), scaler.name(), parts.trainEnd());
    text.printf(Locale.ROOT, "Model: %s, hidden %d, %d layer%s, %,d parameters%s; %s lr %s, %s,"
            + " batch %d, %s%n", net.rnn().cell().id(), net.rnn().hidden(), net.rnn().layers(),
        net.rnn().layers() == 1 ? "" : "s", net.parameters().size(),
        init == null ? "" : ", from " + init, optimizer, lr, loss, batchSize,
        shuffle ? "shuffled" : "in order");
    text.flush();

    LossPrinter printer = new LossPrinter(text, printEvery, epochs, LossPrinter.onTerminal());
    TrainingResult result = new Trainer(net, config).fit(train.x(), train.y(),
        val == null ? null : val.x(), val == null ? null : val.y(), printer, null);
    if (result.diverged()) {
      throw new CommandFailure(data + ": " + result.message() + "; " + out + " not written");
    }
    text.println(result.message() + " in " + result.elapsedMillis() + " ms");

    // Predictions over every window, back in the data's units.
    float[] pred = targetScaler.inverseTransform(new Predictor(net).predict(all.x(), all.count()));
    float[] mean = Baselines.mean(train.actual(), train.count(), all.count());
    double targetMean = mean[0];

    ModelSpec modelSpec = ModelSpec.builder(net).window(window).horizon(horizon)
        .config(runConfig(ds, scaler, parts, config, result, targetMean)).build();

    MetricsTable table = new MetricsTable(Metrics.KEYS);
    String name = net.rnn().cell().id().toUpperCase(Locale.ROOT);
    Map<String, Split.Range> ranges = new LinkedHashMap<>();
    ranges.put("train", parts.train());
    ranges.put("validation", parts.validation());
    ranges.put("test", parts.test());
    Map<String, float[]> forecasts = new LinkedHashMap<>();
    forecasts.put(name, pred);
    forecasts.put("naive", all.naive());
    forecasts.put("mean", mean);
    List<String[]> reportRows = new ArrayList<>();
    Map<String, Map<String, Metrics>> scores = new LinkedHashMap<>();
    ranges.forEach((splitName, range) -> {
      if (range.isEmpty()) {
        return;
      }
      float[] actual = range.slice(all.actual(), horizon);
      forecasts.forEach((model, f) -> {
        Metrics m = Metrics.of(actual, range.slice(f, horizon));
        table.add(model, splitName, m);
        scores.computeIfAbsent(model, k -> new LinkedHashMap<>()).put(splitName, m);
      });
    });
    text.println();
    text.printf(Locale.ROOT, "Metrics in %s's units (naive: each window's last value; mean: of the"
        + " training targets):%n", target);
    table.printLong(text);
    text.println();
    Path[] files;
    try (OutputTransaction tx = OutputTransaction.begin()) { // the model and its report, or neither
      ModelFile.save(tx, out, net, modelSpec);
      files = report == null ? null : ReportFiles.stage(tx,
          report(ds, all, pred, name, result, scores, modelSpec, val != null), report);
      tx.commit();
    }
    text.println("Model: " + out);
    if (files != null) {
      text.println("Report: " + files[0]);
      text.println("Chart:  " + files[1]);
    }
    text.flush();
    return Main.OK;
  }

  /**
   * Reads the --init file, if any, before the data: sizes not given as flags (cell, hidden,
   * layers, window, dropout) are taken from it, and those given must agree with it.
   */
  private ModelFile.LoadedModel loadInit() throws IOException {
    if (init == null) {
      return null;
    }
    Optional<CellType> cell = given("--model") ? Optional.of(CellType.fromId(model))
        : Optional.empty();
    ModelFile.LoadedModel loaded =
        ModelFile.load(init, given("--window") ? OptionalInt.of(window) : OptionalInt.empty(), cell);
    ModelSpec s = loaded.spec();
    agree("--model", model, s.cell().id());
    agree("--hidden", hidden, s.hidden());
    agree("--layers", layers, s.layers());
    agree("--horizon", horizon, s.outputSize());
    if (!given("--window")) {
      window = s.window();
    }
    if (!given("--dropout")) {
      dropout = s.dropout();
    }
    return loaded;
  }

  /** A fresh model from the flags, with the --init file's weights if there is one. */
  private SequenceModel newModel(int inputs, ModelFile.LoadedModel start) {
    SequenceModel net = SequenceModel.builder(CellType.fromId(model), inputs, hidden)
        .layers(layers).dropout(dropout).outputSize(horizon).seed(seed).build();
    if (start != null) {
      int fileInputs = start.spec().inputSize();
      if (fileInputs != inputs) {
        throw new CommandFailure(init + ": the model reads " + fileInputs + " input column"
            + (fileInputs == 1 ? "" : "s") + " per step, but " + inputs + " are given"
            + " (--features)");
      }
      net.parameters().copyFrom(start.model().parameters());
    }
    return net;
  }

  private boolean given(String flag) {
    return spec.commandLine().getParseResult().hasMatchedOption(flag);
  }

  /** A flag the user gave must agree with the --init file; one not given takes the file's. */
  private void agree(String flag, Object value, Object fromFile) {
    if (given(flag) && !String.valueOf(value).equals(String.valueOf(fromFile))) {
      throw new CommandFailure(init + ": the model has " + flag.substring(2) + " " + fromFile
          + ", but " + flag + " is " + value + "; leave " + flag + " out to take the file's");
    }
    if (!given(flag)) {
      switch (flag) {
        case "--model": model = String.valueOf(fromFile); break;
        case "--hidden": hidden = (Integer) fromFile; break;
        case "--layers": layers = (Integer) fromFile; break;
        case "--horizon": horizon = (Integer) fromFile; break;
        default: break;
      }
    }
  }

  /** Everything needed to use and replay the model, stored as the model file's config. */
  private ObjectNode runConfig(Dataset ds, Scaler scaler, Split.Parts parts, TrainerConfig config,
      TrainingResult result, double targetMean) {
    ObjectNode c = Json.object();
    c.put("data", data.getFileName().toString());
    c.put("target", target);
    ArrayNode in = c.putArray("features");
    ds.inputs().forEach(in::add);
    ArrayNode cols = c.putArray("columns");
    ds.columns().forEach(cols::add);
    if (timeColumn != null) {
      c.put("time_column", timeColumn);
    }
    ObjectNode sc = c.putObject("scaler");
    scaler.toMap().forEach(sc::put);
    Json.number(c, "target_mean", targetMean);
    ObjectNode sp = c.putObject("split");
    sp.put("rows", ds.length());
    Json.number(sp, "validation", validationSplit);
    Json.number(sp, "test", testSplit);
    sp.put("train_end", parts.trainEnd());
    sp.put("validation_end", parts.validationEnd());
    ObjectNode tr = c.putObject("training");
    config.toMap().forEach((k, v) -> tr.put(DemoCommand.snake(k), v));
    if (init != null) {
      tr.put("init", init.getFileName().toString());
    }
    ObjectNode res = c.putObject("result");
    res.put("epochs", result.epochs());
    res.put("best_epoch", result.bestEpoch());
    res.put("stop", result.stopReason().name().toLowerCase(Locale.ROOT));
    res.put("train_ms", result.elapsedMillis());
    return c;
  }

  private Report report(Dataset ds, Dataset.Windowed all, float[] pred, String name,
      TrainingResult result, Map<String, Map<String, Metrics>> scores, ModelSpec modelSpec,
      boolean validated) {
    double[] values = toDouble(ds.targetValues());
    Series series = ds.timeColumn().isPresent()
        ? Series.labelled(target, ds.timeColumn().get(), ds.timeLabels(), values)
        : Series.of(target, values);
    double[] first = new double[all.count()]; // each window's first forecast step
    for (int n = 0; n < first.length; n++) {
      first[n] = pred[n * horizon];
    }
    Report.Builder r = Report.builder(name + " on " + data.getFileName())
        .description("Forecasting '" + target + "' " + horizon + " step" + (horizon == 1 ? "" : "s")
            + " ahead from windows of " + window + (horizon == 1 ? "" : "; the chart shows each"
            + " window's first step") + ".")
        .series(series)
        .prediction(Trace.from(name, window, first))
        .loss(LossCurve.of(name, result.trainLoss(),
            validated ? result.validationLoss() : new double[0]));
    for (String split : List.of("train", "validation", "test")) { // grouped by split, as printed
      scores.forEach((model, bySplit) -> {
        Metrics m = bySplit.get(split);
        if (m != null) {
          r.metric(model, split, m.toMap());
        }
      });
    }
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("data", data);
    cfg.put("model_file", out);
    modelSpec.toMetadata().forEach(cfg::put);
    r.config(cfg);
    r.note(result.message());
    return r.build();
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  private void validate() {
    Flags.oneOf(spec, "--model", model, MODELS);
    Flags.range(spec, "--hidden", hidden, 1, Flags.MAX_SIZE);
    Flags.range(spec, "--layers", layers, 1, 100);
    Flags.fraction(spec, "--dropout", dropout);
    Flags.range(spec, "--window", window, 1, Flags.MAX_SIZE);
    Flags.range(spec, "--horizon", horizon, 1, Flags.MAX_SIZE);
    Flags.range(spec, "--epochs", epochs, 1, 1_000_000);
    Flags.range(spec, "--batch-size", batchSize, 1, Integer.MAX_VALUE);
    Flags.positive(spec, "--lr", lr);
    Flags.oneOf(spec, "--optimizer", optimizer, Optimizers.NAMES);
    Flags.oneOf(spec, "--loss", loss, Losses.NAMES);
    Flags.nonNegative(spec, "--clip", clip);
    Flags.oneOf(spec, "--scale", scale, Scaler.NAMES);
    Flags.fraction(spec, "--validation-split", validationSplit);
    Flags.fraction(spec, "--test-split", testSplit);
    if (!(validationSplit + testSplit < 1)) {
      throw Flags.usage(spec, "--validation-split + --test-split must be < 1 to leave data for"
          + " training, got " + validationSplit + " + " + testSplit);
    }
    Flags.range(spec, "--patience", patience, 0, 1_000_000);
    if (patience > 0 && validationSplit == 0) {
      throw Flags.usage(spec, "--patience needs validation data; set --validation-split > 0");
    }
    Flags.range(spec, "--print-every", printEvery, 1, 1_000_000);
    features = Flags.columns(spec, "--features", features);
    Flags.modelSize(spec, model, Math.max(1, features.size()), hidden, layers, horizon);
    Flags.output(spec, "--out", out, data, init);
  }
}
