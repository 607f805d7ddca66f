package org.lstmlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lstmlab.core.data.Scaler;
import org.lstmlab.core.forecast.ForecastConfig;
import org.lstmlab.core.forecast.MissingValues;
import org.lstmlab.core.forecast.SeriesDataset;
import org.lstmlab.core.forecast.TargetTransform;
import org.lstmlab.core.loss.Losses;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.optim.Optimizers;
import org.lstmlab.core.train.TrainerConfig;
import org.lstmlab.io.CsvDataset;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The flags of the forecasting pipeline, shared by {@code train} and {@code backtest} as picocli
 * mixins: which data ({@link Data}), how it is prepared and which model learns it ({@link
 * Model}), and how it trains ({@link Training}). Every default is the library's ({@link
 * ForecastConfig}); these classes only turn flags into its objects, with one-line errors naming
 * the flag.
 */
final class PipelineFlags {

  private PipelineFlags() {}

  /** The cells' ids, as --cell takes them. */
  static final List<String> CELLS = List.of("lstm", "gru", "rnn", "rnn_relu");

  /** The data file and its columns. */
  static final class Data {
    @Option(names = "--data", paramLabel = "FILE", required = true,
        description = "CSV file with a header row, one row per time step (and series).")
    Path file;

    @Option(names = "--target", paramLabel = "COLUMN", required = true,
        description = "The column to forecast.")
    String target;

    @Option(names = {"--past", "--features"}, paramLabel = "COLUMNS", split = ",",
        description = "Past covariates, comma-separated: columns known up to now, read inside"
            + " the input window (the target's own past is always read).")
    List<String> past = new ArrayList<>();

    @Option(names = "--future", paramLabel = "COLUMNS", split = ",",
        description = "Known-future covariates (a calendar, a planned price): read over the"
            + " forecast horizon too.")
    List<String> future = new ArrayList<>();

    @Option(names = "--time-column", paramLabel = "COLUMN",
        description = "Column of time labels; forecasts continue them.")
    String timeColumn;

    @Option(names = "--id-column", paramLabel = "COLUMN",
        description = "Column of series ids, for a file of many series (long format).")
    String idColumn;

    @Option(names = "--delimiter", paramLabel = "CHAR",
        description = "The field delimiter (default: detected from the header: , ; tab or |).")
    String delimiter;

    @Option(names = "--missing", paramLabel = "POLICY", defaultValue = "error",
        description = "Blank values: error, drop, ffill or interpolate (default: ${DEFAULT-VALUE}).")
    String missing;

    /** The columns named, checked. */
    CsvDataset.Columns columns(CommandSpec spec) {
      List<String> p = new ArrayList<>(Flags.columns(spec, "--past", past));
      p.remove(target); // the target's past is always read; listing it (old --features) is fine
      List<String> f = Flags.columns(spec, "--future", future);
      for (String c : f) {
        if (p.contains(c) || c.equals(target)) {
          throw Flags.usage(spec, "--future names '" + c + "', which is also the target or a"
              + " past covariate");
        }
      }
      return new CsvDataset.Columns(target, p, f, Optional.ofNullable(timeColumn),
          Optional.ofNullable(idColumn));
    }

    /** The delimiter given, if any. */
    Optional<Character> delimiter(CommandSpec spec) {
      return PipelineFlags.delimiter(spec, delimiter);
    }

    /** Reads the data. */
    SeriesDataset read(CommandSpec spec) throws IOException {
      Flags.oneOf(spec, "--missing", missing, MissingValues.NAMES);
      return CsvDataset.read(file, columns(spec), delimiter(spec), MissingValues.of(missing));
    }
  }

  /** --delimiter as one character; "tab" or "\t" for a tab. */
  static Optional<Character> delimiter(CommandSpec spec, String d) {
    if (d == null) {
      return Optional.empty();
    }
    if (d.equals("tab") || d.equals("\\t")) {
      return Optional.of('\t');
    }
    if (d.length() != 1 || d.equals("\"") || d.equals("\n") || d.equals("\r")) {
      throw Flags.usage(spec, "--delimiter must be one character (or 'tab'), got '" + d + "'");
    }
    return Optional.of(d.charAt(0));
  }

  /** How the data is prepared and the model's shape. */
  static final class Model {
    @Option(names = "--cell", paramLabel = "CELL", defaultValue = "lstm",
        description = "lstm, gru, rnn or rnn_relu (default: ${DEFAULT-VALUE}).")
    String cell;

    @Option(names = "--hidden", paramLabel = "H",
        defaultValue = "" + ForecastConfig.DEFAULT_HIDDEN,
        description = "Hidden units per layer (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--layers", paramLabel = "L", defaultValue = "1",
        description = "Stacked recurrent layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0",
        description = "Dropout between stacked layers in training (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--window", paramLabel = "W", defaultValue = "0",
        description = "Time steps per input window; 0 = two seasons, at least "
            + ForecastConfig.MIN_AUTO_WINDOW + " (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--horizon", paramLabel = "N", defaultValue = "1",
        description = "Values each window forecasts at once (default: ${DEFAULT-VALUE}).")
    int horizon;

    @Option(names = "--transform", paramLabel = "T", defaultValue = "auto",
        description = "Target transform: none, diff, seasonal:M, seasonal:M+diff, or auto (diff"
            + " with --no-relative, else none) (default: ${DEFAULT-VALUE}).")
    String transform;

    @Option(names = "--relative", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "Take each window's target values relative to its last one, so the model"
            + " learns changes, not levels (default: on).")
    boolean relative;

    @Option(names = "--season", paramLabel = "M", defaultValue = "0",
        description = "Season length for the seasonal naive baseline, MASE and the window;"
            + " 0 = detect (default: ${DEFAULT-VALUE}).")
    int season;

    @Option(names = "--scale", paramLabel = "SCALER", defaultValue = ForecastConfig.DEFAULT_SCALER,
        description = "none, standard or minmax, per series, fitted on its training part only"
            + " (default: ${DEFAULT-VALUE}).")
    String scale;

    @Option(names = "--validation-split", paramLabel = "FRACTION",
        defaultValue = "" + ForecastConfig.DEFAULT_VALIDATION,
        description = "Fraction of each series, before its test part, for validation and early"
            + " stopping (default: ${DEFAULT-VALUE}).")
    double validation;

    @Option(names = "--test-split", paramLabel = "FRACTION",
        defaultValue = "" + ForecastConfig.DEFAULT_TEST,
        description = "Fraction of each series, at its end, for testing (default: ${DEFAULT-VALUE}).")
    double test;
  }

  /** How the model trains. */
  static final class Training {
    @Option(names = "--epochs", paramLabel = "N", defaultValue = "" + ForecastConfig.DEFAULT_EPOCHS,
        description = "Most passes over the training windows (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "B",
        defaultValue = "" + ForecastConfig.DEFAULT_BATCH_SIZE,
        description = "Windows per update (default: ${DEFAULT-VALUE}).")
    int batchSize;

    // No default here: without --lr the optimizer's own default applies, the one there is.
    @Option(names = "--lr", paramLabel = "RATE",
        description = "Learning rate (default: the optimizer's own: 0.001 for sgd, adam and adamw,"
            + " 0.01 for rmsprop).")
    Double lr;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam",
        description = "sgd, adam, adamw or rmsprop (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--loss", paramLabel = "NAME", defaultValue = TrainerConfig.DEFAULT_LOSS,
        description = "mse, mae or huber (default: ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--clip", paramLabel = "NORM", defaultValue = "" + ForecastConfig.DEFAULT_CLIP,
        description = "Clip the global gradient norm to this; 0 = off (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--patience", paramLabel = "EPOCHS",
        defaultValue = "" + ForecastConfig.DEFAULT_PATIENCE,
        description = "Stop after this many epochs without a lower validation loss and keep the"
            + " best epoch's weights; 0 = off (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--shuffle", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "Shuffle the training windows each epoch (default: on).")
    boolean shuffle;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "" + ForecastConfig.DEFAULT_SEED,
        description = "Seed of the initial weights, the shuffle order and dropout"
            + " (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--print-every", paramLabel = "N", defaultValue = "10",
        description = "Print the loss every N epochs, and after the last (default: ${DEFAULT-VALUE}).")
    int printEvery;
  }

  /**
   * The library's configuration from the flags.
   *
   * @throws picocli.CommandLine.ParameterException naming the first flag out of range
   */
  static ForecastConfig config(CommandSpec spec, Model m, Training t) {
    Flags.oneOf(spec, "--cell", m.cell, CELLS);
    Flags.range(spec, "--hidden", m.hidden, 1, Flags.MAX_SIZE);
    Flags.range(spec, "--layers", m.layers, 1, 100);
    Flags.fraction(spec, "--dropout", m.dropout);
    Flags.range(spec, "--window", m.window, 0, Flags.MAX_SIZE);
    Flags.range(spec, "--horizon", m.horizon, 1, Flags.MAX_SIZE);
    Flags.range(spec, "--season", m.season, 0, Flags.MAX_SIZE);
    Flags.oneOf(spec, "--scale", m.scale, Scaler.NAMES);
    Flags.fraction(spec, "--validation-split", m.validation);
    Flags.fraction(spec, "--test-split", m.test);
    if (!(m.validation + m.test < 1)) {
      throw Flags.usage(spec, "--validation-split + --test-split must be < 1 to leave data for"
          + " training, got " + m.validation + " + " + m.test);
    }
    TargetTransform transform = null;
    if (!m.transform.equals("auto")) {
      try {
        transform = TargetTransform.parse(m.transform);
      } catch (IllegalArgumentException e) {
        throw Flags.usage(spec, "--transform " + e.getMessage());
      }
    }
    Flags.range(spec, "--epochs", t.epochs, 1, 1_000_000);
    Flags.range(spec, "--batch-size", t.batchSize, 1, 1_000_000);
    if (t.lr != null) {
      Flags.positive(spec, "--lr", t.lr);
    }
    Flags.oneOf(spec, "--optimizer", t.optimizer, Optimizers.NAMES);
    Flags.oneOf(spec, "--loss", t.loss, Losses.NAMES);
    Flags.nonNegative(spec, "--clip", t.clip);
    Flags.range(spec, "--patience", t.patience, 0, 1_000_000);
    Flags.range(spec, "--print-every", t.printEvery, 1, 1_000_000);
    if (t.patience > 0 && m.validation == 0) {
      throw Flags.usage(spec, "--patience needs validation data; set --validation-split > 0 or"
          + " --patience 0");
    }
    TrainerConfig.Builder training = TrainerConfig.builder().epochs(t.epochs)
        .batchSize(t.batchSize).shuffle(t.shuffle).optimizer(t.optimizer).loss(t.loss)
        .clip(t.clip).patience(t.patience).seed(t.seed);
    if (t.lr != null) {
      training.lr(t.lr);
    }
    return ForecastConfig.builder().cell(CellType.fromId(m.cell)).hidden(m.hidden)
        .layers(m.layers).dropout(m.dropout).window(m.window).horizon(m.horizon)
        .transform(transform).relative(m.relative).season(m.season).scaler(m.scale)
        .split(m.validation, m.test).training(training.build()).build();
  }
}
