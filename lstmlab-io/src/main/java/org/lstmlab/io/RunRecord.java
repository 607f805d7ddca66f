package org.lstmlab.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lstmlab.core.data.Scaler;
import org.lstmlab.core.forecast.ForecastSpec;
import org.lstmlab.core.forecast.Forecaster;
import org.lstmlab.core.forecast.SeriesState;
import org.lstmlab.core.forecast.TargetTransform;
import org.lstmlab.core.train.TrainerConfig;
import org.lstmlab.core.train.TrainingResult;

/**
 * The run record: what a model file says, besides its weights, about the run that made it and
 * how to use it, the typed form of its {@code config} metadata (docs/FILE-FORMAT.md, version 2).
 *
 * <pre>{@code
 * {
 *   "target": "co2", "past": [], "future": [], "time_column": "date", "id_column": null,
 *   "transform": "none", "relative": true, "season": 12, "scaler": "standard",
 *   "reads_target": false,        (only for a model that reads covariates alone)
 *   "split": {"validation": 0.1, "test": 0.1},
 *   "series": [{"id": "", "rows": 526, "train_end": 421, "validation_end": 473,
 *               "train_mean": 341.2, "mase_scale": 0.61,
 *               "scaler": {"scaler": "standard", "scaler.mean": "…", "scaler.std": "…"}}],
 *   "training": {"epochs": "300", "batch_size": "32", "optimizer": "adam", "lr": "0.01",
 *                "beta1": "0.9", "beta2": "0.999", "eps": "1.0E-8", "weight_decay": "0.0", …},
 *   "result": {"epochs": 119, "best_epoch": 99, "stop": "early_stopped", "train_ms": 5300},
 *   "data": "co2.csv", "missing": "interpolate"
 * }
 * }</pre>
 *
 * The window, horizon, cell and sizes are the file's top-level metadata ({@link ModelSpec}); this
 * record holds the rest. {@link #fromJson} reads what {@link #toJson} writes and says in one line
 * what is wrong otherwise. Immutable.
 *
 * @param spec the pipeline's settings (window, horizon, cell and sizes are also top-level keys)
 * @param series the state of every series the model was trained on
 * @param training the trainer's settings, snake_case keys, as strings: {@code
 *     TrainerConfig.toMap()}, the optimizer's every hyperparameter included (files written before
 *     that hold only its name and lr); {@link #trainerConfig()} reads them back
 * @param result how training ended: epochs, best_epoch, stop, train_ms; empty if unknown
 * @param data the data file's name, if known
 * @param missing the missing-value policy the data was read with, if known
 */
public record RunRecord(ForecastSpec spec, List<SeriesState> series, Map<String, String> training,
    Map<String, Object> result, Optional<String> data, Optional<String> missing) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Copies the collections. */
  public RunRecord {
    series = List.copyOf(series);
    training = Map.copyOf(training);
    result = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(result));
  }

  /**
   * The training configuration the run recorded, to replay it: {@link TrainerConfig#fromMap} of
   * {@link #training()}. Settings a file does not hold take their defaults; an older file, whose
   * record keeps only the optimizer's name and lr, gets that optimizer's defaults, as it ran.
   *
   * @throws IllegalArgumentException if a recorded setting does not parse, or the run had a
   *     learning-rate schedule (recorded by its description only)
   */
  public TrainerConfig trainerConfig() {
    return TrainerConfig.fromMap(training);
  }

  /**
   * The record of a finished {@link Forecaster#fit}: its spec and series states, the trainer's
   * settings with snake_case keys ({@code batch_size}) and how training ended, so that every front
   * end (the CLI, Spark) writes the same record for the same run.
   *
   * @param data the data file's name, if known
   * @param missing the missing-value policy the data was read with, if known
   */
  public static RunRecord of(Forecaster.Fit fit, Optional<String> data, Optional<String> missing) {
    Map<String, String> training = snakeCase(fit.config().training());
    TrainingResult r = fit.result();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("epochs", r.epochs());
    result.put("best_epoch", r.bestEpoch());
    result.put("stop", r.stopReason().name().toLowerCase(java.util.Locale.ROOT));
    result.put("train_ms", r.elapsedMillis());
    return new RunRecord(fit.forecaster().spec(), fit.forecaster().states(), training, result,
        data, missing);
  }

  /**
   * Puts a text model's {@code training} (the trainer's settings, snake_case, sorted) and {@code
   * result} objects into its record: the shared tail of {@link TextRun} and {@link ClassifierRun}.
   */
  static void putTrainingAndResult(ObjectNode c, TrainerConfig training,
      Map<String, Object> result) {
    ObjectNode tr = c.putObject("training");
    new java.util.TreeMap<>(snakeCase(training)).forEach(tr::put);
    ObjectNode res = c.putObject("result");
    result.forEach((k, v) -> res.set(k, JSON.valueToTree(v)));
  }

  /**
   * The {@code result} object of a record written by {@link #putTrainingAndResult}, its arrays
   * kept as lists.
   */
  static Map<String, Object> textResult(ObjectNode c) {
    Map<String, Object> result = new java.util.TreeMap<>();
    c.path("result").fields().forEachRemaining(e -> result.put(e.getKey(),
        JSON.convertValue(e.getValue(), Object.class)));
    return result;
  }

  /** The trainer's settings with snake_case keys ({@code batch_size}), in its order. */
  static Map<String, String> snakeCase(TrainerConfig config) {
    Map<String, String> training = new LinkedHashMap<>();
    config.toMap().forEach((k, v) -> training.put(
        k.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT), v));
    return training;
  }

  /** The record as the model file's {@code config} object. */
  public ObjectNode toJson() {
    ObjectNode c = JSON.createObjectNode();
    c.put("target", spec.target());
    spec.past().forEach(c.putArray("past")::add);
    spec.future().forEach(c.putArray("future")::add);
    spec.timeColumn().ifPresent(t -> c.put("time_column", t));
    spec.idColumn().ifPresent(t -> c.put("id_column", t));
    c.put("transform", spec.transform().toString());
    c.put("relative", spec.relative());
    c.put("season", spec.season());
    c.put("scaler", spec.scaler());
    if (!spec.readsTarget()) {
      c.put("reads_target", false);
    }
    ObjectNode split = c.putObject("split");
    split.put("validation", spec.validation());
    split.put("test", spec.test());
    ArrayNode arr = c.putArray("series");
    for (SeriesState s : series) {
      ObjectNode o = arr.addObject();
      o.put("id", s.id());
      o.put("rows", s.rows());
      o.put("train_end", s.trainEnd());
      o.put("validation_end", s.validationEnd());
      number(o, "train_mean", s.trainMean());
      number(o, "mase_scale", s.maseScale());
      ObjectNode sc = o.putObject("scaler");
      s.scaler().toMap().forEach(sc::put);
    }
    ObjectNode tr = c.putObject("training");
    new java.util.TreeMap<>(training).forEach(tr::put);
    ObjectNode res = c.putObject("result");
    result.forEach((k, v) -> res.set(k, JSON.valueToTree(v)));
    data.ifPresent(d -> c.put("data", d));
    missing.ifPresent(m -> c.put("missing", m));
    return c;
  }

  private static void number(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    } else {
      o.putNull(key);
    }
  }

  /**
   * Reads a version-2 record; the window, horizon, cell and sizes come from the model's spec.
   *
   * @throws IllegalArgumentException naming the key that is missing or malformed
   */
  public static RunRecord fromJson(ObjectNode c, ModelSpec model) {
    Reader r = new Reader(c, "config");
    String scaler = r.text("scaler");
    ObjectNode split = r.object("split");
    Reader sp = new Reader(split, "config.split");
    ForecastSpec spec = new ForecastSpec(r.text("target"), r.texts("past"), r.texts("future"),
        r.optionalText("time_column"), r.optionalText("id_column"), model.window(),
        model.horizon(), parseTransform(r.text("transform")), r.bool("relative"),
        r.integer("season"), scaler, model.cell(), model.hidden(), model.layers(),
        model.dropout(), sp.number("validation"), sp.number("test"),
        !c.has("reads_target") || r.bool("reads_target"));
    List<SeriesState> states = new ArrayList<>();
    JsonNode arr = c.get("series");
    if (arr == null || !arr.isArray() || arr.isEmpty()) {
      throw new IllegalArgumentException("config 'series' must be a non-empty array");
    }
    for (int i = 0; i < arr.size(); i++) {
      if (!arr.get(i).isObject()) {
        throw new IllegalArgumentException("config 'series[" + i + "]' must be an object");
      }
      Reader s = new Reader((ObjectNode) arr.get(i), "config.series[" + i + "]");
      states.add(new SeriesState(s.text("id"), scaler(s.object("scaler"), "config.series[" + i
          + "].scaler", spec.scaledColumns()), s.integer("rows"), s.integer("train_end"),
          s.integer("validation_end"), s.numberOrNaN("train_mean"), s.numberOrNaN("mase_scale")));
    }
    return new RunRecord(spec, states, training(c), result(c), r.optionalText("data"),
        r.optionalText("missing"));
  }

  /** The {@code training} object's values as strings; empty if there is none. */
  static Map<String, String> training(ObjectNode c) {
    Map<String, String> training = new LinkedHashMap<>();
    JsonNode tr = c.get("training");
    if (tr != null && tr.isObject()) {
      tr.properties().forEach(e -> training.put(e.getKey(), e.getValue().asText()));
    }
    return training;
  }

  /** The {@code result} object: numbers as numbers, the rest as strings; empty if none. */
  static Map<String, Object> result(ObjectNode c) {
    Map<String, Object> result = new LinkedHashMap<>();
    JsonNode res = c.get("result");
    if (res != null && res.isObject()) {
      res.properties().forEach(e -> result.put(e.getKey(),
          e.getValue().isNumber() ? e.getValue().numberValue() : e.getValue().asText()));
    }
    return result;
  }

  private static TargetTransform parseTransform(String s) {
    try {
      return TargetTransform.parse(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("config 'transform': " + e.getMessage());
    }
  }

  /** A scaler stored as string metadata, checked against the C columns it must cover. */
  static Scaler scaler(ObjectNode node, String where, int columns) {
    Map<String, String> m = new LinkedHashMap<>();
    node.properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
    Scaler s;
    try {
      s = Scaler.fromMap(m);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage());
    }
    if (s.features() != 0 && s.features() != columns) {
      throw new IllegalArgumentException(where + " has " + s.features() + " columns; the model's"
          + " columns are " + columns);
    }
    return s;
  }

  /** Typed reads of one JSON object, each error naming the key's path. */
  static final class Reader {
    private final ObjectNode node;
    private final String where;

    Reader(ObjectNode node, String where) {
      this.node = node;
      this.where = where;
    }

    private JsonNode get(String key) {
      JsonNode v = node.get(key);
      if (v == null || v.isNull()) {
        throw new IllegalArgumentException(where + " lacks '" + key + "'");
      }
      return v;
    }

    private IllegalArgumentException bad(String key, String expected) {
      return new IllegalArgumentException(where + "." + key + " must be " + expected + ", got "
          + node.get(key));
    }

    String text(String key) {
      JsonNode v = get(key);
      if (!v.isTextual()) {
        throw bad(key, "a string");
      }
      return v.asText();
    }

    Optional<String> optionalText(String key) {
      JsonNode v = node.get(key);
      if (v == null || v.isNull()) {
        return Optional.empty();
      }
      if (!v.isTextual()) {
        throw bad(key, "a string");
      }
      return Optional.of(v.asText());
    }

    List<String> texts(String key) {
      JsonNode v = node.get(key);
      List<String> out = new ArrayList<>();
      if (v == null || v.isNull()) {
        return out;
      }
      if (!v.isArray()) {
        throw bad(key, "an array of strings");
      }
      for (JsonNode e : v) {
        if (!e.isTextual()) {
          throw bad(key, "an array of strings");
        }
        out.add(e.asText());
      }
      return out;
    }

    int integer(String key) {
      JsonNode v = get(key);
      if (!v.canConvertToInt() || !v.isIntegralNumber()) {
        throw bad(key, "a whole number");
      }
      return v.asInt();
    }

    double number(String key) {
      JsonNode v = get(key);
      if (!v.isNumber()) {
        throw bad(key, "a number");
      }
      return v.asDouble();
    }

    double numberOrNaN(String key) {
      JsonNode v = node.get(key);
      return v == null || v.isNull() ? Double.NaN : number(key);
    }

    boolean bool(String key) {
      JsonNode v = get(key);
      if (!v.isBoolean()) {
        throw bad(key, "true or false");
      }
      return v.asBoolean();
    }

    ObjectNode object(String key) {
      JsonNode v = get(key);
      if (!v.isObject()) {
        throw bad(key, "an object");
      }
      return (ObjectNode) v;
    }
  }
}
