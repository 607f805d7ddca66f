package org.lstmlab.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lstmlab.core.data.Scaler;
import org.lstmlab.core.forecast.FittedForecaster;
import org.lstmlab.core.forecast.ForecastSpec;
import org.lstmlab.core.forecast.SeriesState;
import org.lstmlab.core.forecast.TargetTransform;

/**
 * Model files of fitted forecasters: the weights with the {@link RunRecord}, so that a model
 * trained by the command line, the web app or Spark forecasts in a Java program in a few lines:
 *
 * <pre>{@code
 * FittedForecaster f = ForecasterFile.load(Path.of("co2.safetensors")).forecaster();
 * SeriesDataset data = CsvDataset.read(Path.of("co2.csv"), columns, Optional.empty(),
 *     MissingValues.INTERPOLATE);
 * Forecast next = f.forecast(data.series().get(0), 12);   // values and time labels
 * }</pre>
 *
 * <p>Files of format version 1 (written by {@code lstmlab train} before the run record) still
 * load: their target, input columns, scaler, split and target mean become a spec without
 * transform and a series state, as long as the target, if the model reads it, comes first (the
 * default, {@code --features} unset, and any list that starts with the target or leaves it out).
 */
public final class ForecasterFile {

  private ForecasterFile() {}

  /**
   * A forecaster loaded from a file, with its run record.
   *
   * @param forecaster the model with its spec and scalers
   * @param record the run record (for a version-1 file, rebuilt from its config)
   */
  public record Loaded(FittedForecaster forecaster, RunRecord record) {}

  /**
   * Writes the forecaster and its run record to {@code file}, atomically.
   *
   * @throws IOException if writing fails; an existing file is then unchanged
   */
  public static void save(Path file, FittedForecaster forecaster, RunRecord record)
      throws IOException {
    try (OutputTransaction tx = OutputTransaction.begin()) {
      save(tx, file, forecaster, record);
      tx.commit();
    }
  }

  /**
   * As {@link #save(Path, FittedForecaster, RunRecord)}, but only stages the file in {@code tx},
   * to replace {@code file} when the transaction commits, with the command's other files.
   */
  public static void save(OutputTransaction tx, Path file, FittedForecaster forecaster,
      RunRecord record) throws IOException {
    ForecastSpec s = forecaster.spec();
    ModelSpec spec = ModelSpec.builder(forecaster.model()).window(s.window())
        .horizon(s.horizon()).config(record.toJson()).build();
    ModelFile.save(tx, file, forecaster.model(), spec);
  }

  /**
   * Loads a forecaster written by {@link #save} or by {@code lstmlab train} (version 1).
   *
   * @throws ModelFileException in one line naming the file, if the file is not a forecaster's
   */
  public static Loaded load(Path file) throws IOException {
    ModelFile.LoadedModel m = ModelFile.load(file);
    ModelSpec spec = m.spec();
    ObjectNode config = spec.config();
    try {
      RunRecord record = config.has("series") ? RunRecord.fromJson(config, spec)
          : legacy(config, spec);
      return new Loaded(new FittedForecaster(m.model(), record.spec(), record.series()), record);
    } catch (IllegalArgumentException e) {
      throw new ModelFileException(file, e.getMessage(), e);
    }
  }

  /** The run record of a version-1 file from its config. */
  private static RunRecord legacy(ObjectNode c, ModelSpec spec) {
    RunRecord.Reader r = new RunRecord.Reader(c, "config");
    String target = r.text("target");
    List<String> features = r.texts("features");
    List<String> inputs = features.isEmpty() ? List.of(target) : features;
    boolean readsTarget = inputs.get(0).equals(target);
    List<String> past = new ArrayList<>(inputs.subList(readsTarget ? 1 : 0, inputs.size()));
    if (past.contains(target)) {
      throw new IllegalArgumentException("the model reads the columns " + inputs + ", its target '"
          + target + "' not first, as the forecasting pipeline needs; retrain it with lstmlab"
          + " train");
    }
    double validation = 0;
    double test = 0;
    int rows = 0;
    int trainEnd = 0;
    int validationEnd = 0;
    JsonNode split = c.get("split");
    if (split != null && split.isObject()) {
      RunRecord.Reader s = new RunRecord.Reader((ObjectNode) split, "config.split");
      validation = s.number("validation");
      test = s.number("test");
      rows = s.integer("rows");
      trainEnd = s.integer("train_end");
      validationEnd = s.integer("validation_end");
    }
    ForecastSpec fs = new ForecastSpec(target, past, List.of(), r.optionalText("time_column"),
        Optional.empty(), spec.window(), spec.horizon(), TargetTransform.NONE, false, 1,
        c.has("scaler") ? r.object("scaler").path(Scaler.KEY).asText(Scaler.NONE) : Scaler.NONE,
        spec.cell(), spec.hidden(), spec.layers(), spec.dropout(), validation, test,
        readsTarget);
    Scaler scaler = c.has("scaler")
        ? RunRecord.scaler(r.object("scaler"), "config.scaler", fs.scaledColumns())
        : Scaler.none();
    SeriesState state = new SeriesState("", scaler, rows, trainEnd, validationEnd,
        r.numberOrNaN("target_mean"), Double.NaN);
    return new RunRecord(fs, List.of(state), RunRecord.training(c), RunRecord.result(c),
        r.optionalText("data"),
        Optional.empty());
  }
}
