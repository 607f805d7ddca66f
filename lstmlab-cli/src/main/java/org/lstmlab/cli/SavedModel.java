package org.lstmlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.lstmlab.core.data.Scaler;
import org.lstmlab.core.forecast.FittedForecaster;
import org.lstmlab.core.forecast.ForecastSpec;
import org.lstmlab.core.forecast.MissingValues;
import org.lstmlab.core.forecast.SeriesDataset;
import org.lstmlab.core.forecast.SeriesState;
import org.lstmlab.core.forecast.TargetTransform;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.io.CsvDataset;
import org.lstmlab.io.ForecasterFile;
import org.lstmlab.io.ModelFile;
import org.lstmlab.io.ModelSpec;
import org.lstmlab.io.RunRecord;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * A model file as a fitted forecaster, with the data it is applied to, for {@code predict} and
 * {@code evaluate}.
 *
 * <p>A file from {@code lstmlab train} (or any writer of the run record) says which columns the
 * model reads, its transform and each series' scaler; it loads through lstmlab-io's {@link
 * ForecasterFile}. A file from PyTorch says none of that: {@code --target}, {@code --window} and,
 * for a scaled model, {@code --scaler} with {@code --scaler-values} come from the command line,
 * and a plain RNN is taken as PyTorch's default tanh (said on stderr). A flag the file also
 * answers must agree with it: a model applied to another column than it learned would give
 * numbers without meaning.
 */
final class SavedModel {

  final Path file;
  final FittedForecaster forecaster;
  final Optional<RunRecord> record;
  final SeriesDataset data;
  final List<String> notes;

  private SavedModel(Path file, FittedForecaster forecaster, Optional<RunRecord> record,
      SeriesDataset data, List<String> notes) {
    this.file = file;
    this.forecaster = forecaster;
    this.record = record;
    this.data = data;
    this.notes = notes;
  }

  /**
   * Flags shared by predict and evaluate (a picocli mixin): how to read the data, and what stands
   * in for metadata a model file lacks, as in a file PyTorch wrote.
   */
  static final class Overrides {
    @Option(names = "--target", paramLabel = "COLUMN",
        description = "The column the model forecasts; only for files that do not say.")
    String target;

    @Option(names = {"--past", "--features"}, paramLabel = "COLUMNS", split = ",",
        description = "The model's input columns in order (the target first if it reads it);"
            + " only for files that do not say.")
    List<String> past = new ArrayList<>();

    @Option(names = "--time-column", paramLabel = "COLUMN",
        description = "Column of time labels; only for files that do not say.")
    String timeColumn;

    @Option(names = "--id-column", paramLabel = "COLUMN",
        description = "Column of series ids; only for files that do not say.")
    String idColumn;

    @Option(names = "--window", paramLabel = "W",
        description = "Time steps per window; only for files that do not say.")
    Integer window;

    @Option(names = "--horizon", paramLabel = "N",
        description = "Values per window; must be the model's, which its head's shape gives.")
    Integer horizon;

    @Option(names = "--cell", paramLabel = "CELL",
        description = "lstm, gru, rnn or rnn_relu; only for files that do not say (a PyTorch"
            + " nn.RNN file is taken as tanh, its default).")
    String cell;

    @Option(names = "--scaler", paramLabel = "SCALER",
        description = "none, standard or minmax: how a PyTorch model's inputs were scaled; with"
            + " --scaler-values.")
    String scaler;

    @Option(names = "--scaler-values", paramLabel = "NUMBERS", split = ",",
        description = "For --scaler standard: mean,std of each column (target first); for"
            + " minmax: min,max of each.")
    List<Double> scalerValues = new ArrayList<>();

    @Option(names = "--season", paramLabel = "M",
        description = "Season length for the seasonal naive baseline; only for files that do"
            + " not say.")
    Integer season;

    @Option(names = "--delimiter", paramLabel = "CHAR",
        description = "The data's field delimiter (default: detected).")
    String delimiter;

    @Option(names = "--missing", paramLabel = "POLICY",
        description = "Blank values: error, drop, ffill or interpolate (default: the model's"
            + " training run's, else error).")
    String missing;
  }

  /**
   * Loads the model and reads the data with the model's columns.
   *
   * @throws org.lstmlab.io.FileFormatException for a bad model or data file, naming it
   * @throws CommandFailure if the model and the data or flags do not fit together
   */
  static SavedModel load(CommandSpec spec, Path modelFile, Path dataFile, Overrides o)
      throws IOException {
    if (o.window != null) {
      Flags.range(spec, "--window", o.window, 1, Flags.MAX_SIZE);
    }
    if (o.horizon != null) {
      Flags.range(spec, "--horizon", o.horizon, 1, Flags.MAX_SIZE);
    }
    if (o.season != null) {
      Flags.range(spec, "--season", o.season, 1, Flags.MAX_SIZE);
    }
    Optional<CellType> cell = Optional.empty();
    if (o.cell != null) {
      Flags.oneOf(spec, "--cell", o.cell, PipelineFlags.CELLS);
      cell = Optional.of(CellType.fromId(o.cell));
    }
    if (o.missing != null) {
      Flags.oneOf(spec, "--missing", o.missing, MissingValues.NAMES);
    }
    List<String> past = Flags.columns(spec, "--past", o.past);
    ModelFile.LoadedModel raw = ModelFile.load(modelFile,
        o.window == null ? OptionalInt.empty() : OptionalInt.of(o.window), cell);
    ModelSpec ms = raw.spec();
    if (ms.extra().containsKey(org.lstmlab.io.TextModelFile.KEY)) {
      throw new CommandFailure(modelFile + ": a text model (it has a vocabulary), not a"
          + " forecaster; use 'lstmlab text sample' or 'lstmlab text evaluate'");
    }
    List<String> notes = new ArrayList<>(raw.notes());
    FittedForecaster f;
    Optional<RunRecord> record;
    if (ms.config().has("target")) {
      if (o.scaler != null) {
        throw Flags.usage(spec, "--scaler is only for files that do not store a scaler; "
            + modelFile + " does");
      }
      ForecasterFile.Loaded loaded = ForecasterFile.load(modelFile);
      f = loaded.forecaster();
      record = Optional.of(loaded.record());
      ForecastSpec s = f.spec();
      agree(modelFile, "--target", o.target, s.target());
      if (!past.isEmpty() && !past.equals(s.past())
          && !(past.size() == s.past().size() + 1 && past.get(0).equals(s.target())
              && past.subList(1, past.size()).equals(s.past()))) {
        throw new CommandFailure(modelFile + ": the model reads the past covariates " + s.past()
            + ", but --past is " + past + "; leave --past out to use the model's");
      }
      agree(modelFile, "--time-column", o.timeColumn, s.timeColumn().orElse(null));
      agree(modelFile, "--id-column", o.idColumn, s.idColumn().orElse(null));
      agree(modelFile, "--cell", o.cell, s.cell().id());
      if (o.window != null && o.window != s.window()) {
        throw new CommandFailure(modelFile + ": the model was trained with window " + s.window()
            + ", but --window is " + o.window + "; leave --window out to use the model's");
      }
    } else {
      f = pyTorch(spec, modelFile, raw, o, past);
      record = Optional.empty();
    }
    ForecastSpec s = f.spec();
    if (o.horizon != null && o.horizon != s.horizon()) {
      throw new CommandFailure(modelFile + ": the model forecasts " + s.horizon() + " value"
          + (s.horizon() == 1 ? "" : "s") + " per window, but --horizon is " + o.horizon);
    }
    String missing = o.missing != null ? o.missing
        : record.flatMap(RunRecord::missing).orElse(MissingValues.ERROR.id());
    SeriesDataset data = CsvDataset.read(dataFile, CsvDataset.Columns.of(s),
        PipelineFlags.delimiter(spec, o.delimiter), MissingValues.of(missing));
    return new SavedModel(modelFile, f, record, data, notes);
  }

  /** A forecaster for a file without a run record, from the flags. */
  private static FittedForecaster pyTorch(CommandSpec spec, Path modelFile,
      ModelFile.LoadedModel raw, Overrides o, List<String> past) {
    if (o.target == null) {
      throw new CommandFailure(modelFile + ": the file does not say which column the model"
          + " forecasts; give it (--target COLUMN)");
    }
    ModelSpec ms = raw.spec();
    // The model reads --past as given (PyTorch's inputs in order), or the target alone.
    List<String> inputs = past.isEmpty() ? List.of(o.target) : past;
    boolean readsTarget = inputs.get(0).equals(o.target);
    List<String> p = new ArrayList<>(inputs.subList(readsTarget ? 1 : 0, inputs.size()));
    if (p.contains(o.target)) {
      throw Flags.usage(spec, "--past lists the target '" + o.target + "' after other columns;"
          + " a model may read the target only as its first input");
    }
    if (inputs.size() != ms.inputSize()) {
      throw new CommandFailure(modelFile + ": the model reads " + ms.inputSize() + " input"
          + " column" + (ms.inputSize() == 1 ? "" : "s") + " per step, but " + inputs + " "
          + (inputs.size() == 1 ? "is" : "are") + " given; name them in order with --past");
    }
    String scalerName = o.scaler == null ? Scaler.NONE : o.scaler;
    Flags.oneOf(spec, "--scaler", scalerName, Scaler.NAMES);
    int columns = 1 + p.size();
    Scaler scaler = Scaler.none();
    if (!scalerName.equals(Scaler.NONE)) {
      if (o.scalerValues.size() != 2 * columns) {
        throw Flags.usage(spec, "--scaler-values needs 2 numbers per column (" + columns
            + " column" + (columns == 1 ? "" : "s") + "), got " + o.scalerValues.size());
      }
      StringBuilder a = new StringBuilder();
      StringBuilder b = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        a.append(c == 0 ? "" : ",").append(o.scalerValues.get(2 * c));
        b.append(c == 0 ? "" : ",").append(o.scalerValues.get(2 * c + 1));
      }
      Map<String, String> m = new LinkedHashMap<>();
      m.put(Scaler.KEY, scalerName);
      boolean standard = scalerName.equals(Scaler.STANDARD);
      m.put(standard ? "scaler.mean" : "scaler.min", a.toString());
      m.put(standard ? "scaler.std" : "scaler.max", b.toString());
      try {
        scaler = Scaler.fromMap(m);
      } catch (IllegalArgumentException e) {
        throw Flags.usage(spec, "--scaler-values: " + e.getMessage());
      }
    } else if (!o.scalerValues.isEmpty()) {
      throw Flags.usage(spec, "--scaler-values needs --scaler standard or minmax");
    }
    ForecastSpec s = new ForecastSpec(o.target, p, List.of(), Optional.ofNullable(o.timeColumn),
        Optional.ofNullable(o.idColumn), ms.window(), ms.outputSize(), TargetTransform.NONE,
        false, o.season == null ? 1 : o.season, scalerName, ms.cell(), ms.hidden(), ms.layers(),
        ms.dropout(), 0, 0, readsTarget);
    try {
      return new FittedForecaster(raw.model(), s, List.of(SeriesState.of("", scaler)));
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(modelFile + ": " + e.getMessage(), e);
    }
  }

  /** The model's name in tables: its cell, upper-case. */
  String name() {
    return forecaster.spec().cell().id().toUpperCase(java.util.Locale.ROOT);
  }

  private static void agree(Path file, String flag, String given, String stored) {
    if (given != null && stored != null && !given.equals(stored)) {
      throw new CommandFailure(file + ": the model was trained with " + flag.substring(2) + " '"
          + stored + "', but " + flag + " is '" + given + "'; leave " + flag + " out to use the"
          + " model's");
    }
  }
}
