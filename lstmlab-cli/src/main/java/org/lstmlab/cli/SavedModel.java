package org.lstmlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.lstmlab.core.data.Sanitizer;
import org.lstmlab.core.data.Scaler;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.io.ModelFile;
import org.lstmlab.io.ModelSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * A model file with the data it is to be applied to, for {@code predict} and {@code evaluate}.
 *
 * <p>A file written by {@code lstmlab train} says in its config which columns the model reads,
 * which it forecasts, the time column and the fitted scaler; a file from PyTorch says none of
 * that, so then {@code --target} (and {@code --features} for a model of several inputs), {@code
 * --window} and, for a plain RNN, {@code --cell} come from the command line and the data is used
 * unscaled. A flag that the file also answers must agree with it: a model applied to another
 * column than it learned would give numbers without meaning.
 */
final class SavedModel {

  final Path file;
  final SequenceModel model;
  final ModelSpec spec;
  final Dataset data;
  final Scaler scaler; // over data.columns()
  final Scaler targetScaler;
  final Dataset.Windowed windows;
  final OptionalDouble trainTargetMean;

  private SavedModel(Path file, ModelFile.LoadedModel loaded, Dataset data, Scaler scaler,
      Dataset.Windowed windows, OptionalDouble trainTargetMean) {
    this.file = file;
    this.model = loaded.model();
    this.spec = loaded.spec();
    this.data = data;
    this.scaler = scaler;
    this.targetScaler = scaler.feature(0);
    this.windows = windows;
    this.trainTargetMean = trainTargetMean;
  }

  /**
   * Flags shared by predict and evaluate (a picocli mixin) that stand in for metadata a model file
   * lacks, as in a file PyTorch wrote.
   */
  static final class Overrides {
    @Option(names = "--target", paramLabel = "COLUMN",
        description = "The column the model forecasts; only for files that do not say.")
    String target;

    @Option(names = "--features", paramLabel = "COLUMNS", split = ",",
        description = "The model's input columns; only for files that do not say.")
    List<String> features = new ArrayList<>();

    @Option(names = "--time-column", paramLabel = "COLUMN",
        description = "Column of time labels for the index; only for files that do not say.")
    String timeColumn;

    @Option(names = "--window", paramLabel = "W",
        description = "Time steps per window; only for files that do not say.")
    Integer window;

    @Option(names = "--horizon", paramLabel = "H",
        description = "Values per window; must be the model's, which its head's shape gives.")
    Integer horizon;

    @Option(names = "--cell", paramLabel = "CELL",
        description = "lstm, gru, rnn or rnn_relu; only for a PyTorch nn.RNN file that does not say.")
    String cell;
  }

  /**
   * Loads the model, reads the data with the model's columns, and cuts every window.
   *
   * @throws org.lstmlab.io.FileFormatException for a bad model or data file, naming it
   * @throws CommandFailure if the model and the data do not fit together
   */
  static SavedModel load(CommandSpec spec, Path modelFile, Path dataFile, Overrides o)
      throws IOException {
    if (o.window != null) {
      Flags.range(spec, "--window", o.window, 1, Flags.MAX_SIZE);
    }
    if (o.horizon != null) {
      Flags.range(spec, "--horizon", o.horizon, 1, Flags.MAX_SIZE);
    }
    Optional<CellType> cell = Optional.empty();
    if (o.cell != null) {
      Flags.oneOf(spec, "--cell", o.cell, TrainCommand.MODELS);
      cell = Optional.of(CellType.fromId(o.cell));
    }
    List<String> features = Flags.columns(spec, "--features", o.features);
    ModelFile.LoadedModel loaded = ModelFile.load(modelFile,
        o.window == null ? OptionalInt.empty() : OptionalInt.of(o.window), cell);
    ModelSpec ms = loaded.spec();
    ObjectNode config = ms.config();

    String target = agree(modelFile, "--target", o.target, text(config, "target"));
    if (target == null) {
      throw new CommandFailure(modelFile + ": the file does not say which column the model"
          + " forecasts; give it (--target COLUMN)");
    }
    List<String> stored = list(config, "features");
    List<String> inputs;
    if (stored.isEmpty()) {
      inputs = features;
    } else {
      if (!features.isEmpty() && !features.equals(stored)) {
        throw new CommandFailure(modelFile + ": the model reads the columns " + stored
            + ", but --features is " + features + "; leave --features out to use the model's");
      }
      inputs = stored;
    }
    int in = inputs.isEmpty() ? 1 : inputs.size();
    if (in != ms.inputSize()) {
      throw new CommandFailure(modelFile + ": the model reads " + ms.inputSize() + " input"
          + " columns per step, but " + (inputs.isEmpty() ? "only the target" : inputs.toString())
          + " is given; name them with --features");
    }
    String time = agree(modelFile, "--time-column", o.timeColumn, text(config, "time_column"));
    int horizon = ms.outputSize();
    if (o.horizon != null && o.horizon != horizon) {
      throw new CommandFailure(modelFile + ": the model forecasts " + horizon + " value"
          + (horizon == 1 ? "" : "s") + " per window, but --horizon is " + o.horizon);
    }

    Dataset data = Dataset.read(dataFile, target, inputs, Optional.ofNullable(time));
    Scaler scaler = Scaler.none();
    JsonNode sc = config.get("scaler");
    if (sc != null && !sc.isObject() && !sc.isNull()) {
      throw new CommandFailure(modelFile + ": config 'scaler' must be an object such as"
          + " {\"scaler\": \"standard\", ...}, got " + Sanitizer.value(sc.toString()));
    }
    if (sc != null && sc.isObject()) {
      Map<String, String> m = new LinkedHashMap<>();
      sc.properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
      try {
        scaler = Scaler.fromMap(m);
      } catch (IllegalArgumentException e) {
        throw new CommandFailure(modelFile + ": config " + e.getMessage(), e);
      }
      if (scaler.features() != 0 && scaler.features() != data.columns().size()) {
        throw new CommandFailure(modelFile + ": the stored scaler has " + scaler.features()
            + " columns, but the model's columns are " + data.columns());
      }
    }
    Dataset.Windowed windows = data.windows(scaler, ms.window(), horizon);
    JsonNode mean = config.get("target_mean");
    OptionalDouble trainMean = mean != null && mean.isNumber()
        ? OptionalDouble.of(mean.asDouble()) : OptionalDouble.empty();
    return new SavedModel(modelFile, loaded, data, scaler, windows, trainMean);
  }

  /** (N_w, h) the model's prediction for every window, in the data's units. */
  float[] predictions() {
    return inverse(new org.lstmlab.core.train.Predictor(model).predict(windows.x(),
        windows.count()));
  }

  /**
   * Model outputs back in the data's units, all finite.
   *
   * @throws CommandFailure naming the model file if one is not (a stored scaler whose statistics
   *     overflow, weights that blow up)
   */
  float[] inverse(float[] scaled) {
    float[] out;
    try {
      out = targetScaler.inverseTransform(scaled);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(file + ": prediction " + e.getMessage());
    }
    for (int i = 0; i < out.length; i++) {
      if (!Float.isFinite(out[i])) {
        throw new CommandFailure(file + ": prediction " + (i + 1) + " is " + out[i]
            + "; the model's weights give no finite forecast for this data");
      }
    }
    return out;
  }

  /** The model's name in tables: its cell, upper-case. */
  String name() {
    return spec.cell().id().toUpperCase(java.util.Locale.ROOT);
  }

  private static String agree(Path file, String flag, String given, String stored) {
    if (stored == null) {
      return given;
    }
    if (given != null && !given.equals(stored)) {
      throw new CommandFailure(file + ": the model was trained with " + flag.substring(2) + " '"
          + stored + "', but " + flag + " is '" + given + "'; leave " + flag + " out to use the"
          + " model's");
    }
    return stored;
  }

  private static String text(ObjectNode config, String key) {
    JsonNode n = config.get(key);
    return n != null && n.isTextual() ? n.asText() : null;
  }

  private static List<String> list(ObjectNode config, String key) {
    List<String> out = new ArrayList<>();
    JsonNode n = config.get(key);
    if (n != null && n.isArray()) {
      n.forEach(e -> out.add(e.asText()));
    }
    return out;
  }
}
