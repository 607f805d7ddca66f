package org.lstmlab.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.lstmlab.core.forecast.FittedForecaster;
import org.lstmlab.core.forecast.TimeSeries;
import org.lstmlab.core.forecast.WindowPredictions;
import org.lstmlab.io.ForecasterFile;

/**
 * The fitted {@link LstmForecaster}: the library's fitted forecasters (one per series, or one
 * global model) as model-file bytes, and the per-series summary of the fit.
 *
 * <p>{@link #transform} keeps every input row and adds two columns: {@code predictionCol}, the
 * model's one-step-ahead prediction of the row's target from the window before it (null for the
 * first rows, which have no full window before them, and, with a horizon h &gt; 1, for the last h
 * − 1 rows); and {@code forecastCol}, on each series' last row, the next h values after it
 * (array&lt;double&gt;; null on the other rows). {@link #forecast} gives only the forecasts, one
 * row per series, without the one-step predictions. The models reach the executors once, in one
 * broadcast. Each task walks its partition series by series and hands out a series' rows before
 * it reads the next (no partition is collected); a global model is decoded once per task, a
 * per-series model when its series comes and dropped after it.
 *
 * <p>{@link #write()} saves Spark's metadata and the library's own model files under {@code
 * path/models/}: {@code lstmlab predict --model path/models/series-00000.safetensors} and {@code
 * ForecasterFile.load} read them as they are, and {@link #fromFiles} makes a model of files the CLI
 * or the Java API wrote.
 */
public final class LstmForecastModel extends Model<LstmForecastModel>
    implements ForecastParams, MLWritable {

  private static final long serialVersionUID = 1L;

  /** The key of the one global model in {@link #modelFiles()}. */
  static final String GLOBAL = "\u0000global";

  private final String uid;
  private final Holder params;
  private final LinkedHashMap<String, byte[]> models; // series id (or GLOBAL) -> model file
  private final List<Row> summary; // PerSeries.SUMMARY rows; empty after loading
  private final Map<String, Double> cost; // sync mode: syncs, sync_ms, compute_ms

  /** An empty model (Spark's reflection needs this constructor). */
  public LstmForecastModel(String uid) {
    this(uid, Map.of(), List.of(), Map.of());
  }

  LstmForecastModel(String uid, Map<String, byte[]> models, List<Row> summary,
      Map<String, Double> cost) {
    this.uid = uid;
    this.params = new Holder(this);
    this.models = new LinkedHashMap<>(models);
    this.summary = List.copyOf(summary);
    this.cost = Map.copyOf(cost);
  }

  /**
   * What synchronous training cost, measured on the driver: {@code syncs} (Spark jobs: steps and
   * validation passes), {@code sync_ms} (their wall time) and {@code compute_ms} (within it, the
   * slowest partition's forward and backward, summed); {@code sync_ms − compute_ms} is the
   * overhead of syncing. Empty for per-series models and loaded ones.
   */
  public Map<String, Double> trainingCost() {
    return cost;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Holder forecastParams() {
    return params;
  }

  public LstmForecastModel setPredictionCol(String v) {
    set(predictionCol(), v);
    return this;
  }

  public LstmForecastModel setForecastCol(String v) {
    set(forecastCol(), v);
    return this;
  }

  /** Whether this is one global model rather than one per series. */
  public boolean isGlobal() {
    return models.containsKey(GLOBAL);
  }

  /** The series ids with a model of their own (empty for a global model). */
  public List<String> seriesIds() {
    List<String> ids = new ArrayList<>(models.keySet());
    ids.remove(GLOBAL);
    return ids;
  }

  /**
   * The library's forecaster for series {@code id} (the global model for any id), decoded from
   * its model file: what {@code ForecasterFile.load} would give for the saved file.
   *
   * @throws IllegalArgumentException if a per-series model has no series {@code id}
   */
  public FittedForecaster forecaster(String id) {
    return ForecasterBytes.load(bytesFor(models, id)).forecaster();
  }

  /** The model files' bytes, by series id (one entry for a global model). */
  Map<String, byte[]> modelFiles() {
    return models;
  }

  /**
   * Per series: rows, epochs, best epoch, stop reason, training time, and on the test part the
   * MSE, MAE and MASE of the model and of every baseline (naive, seasonal naive, drift, mean);
   * empty for a model loaded from files (the summary of a fit is not saved).
   */
  public Dataset<Row> summary() {
    return SparkSession.active().createDataFrame(summary, PerSeries.SUMMARY);
  }

  @Override
  public LstmForecastModel copy(ParamMap extra) {
    LstmForecastModel m = new LstmForecastModel(uid, models, summary, cost);
    copyValues(m, extra);
    return m.setParent(parent());
  }

  /** The input schema with the prediction and forecast columns. */
  static StructType outputSchema(StructType schema, ForecastParams p) {
    if (!p.getWindowsCol().isEmpty()) {
      return PreparedWindows.outputSchema(schema, p);
    }
    SeriesRows.check(schema, p);
    for (String c : new String[] {p.getPredictionCol(), p.getForecastCol()}) {
      if (java.util.Arrays.asList(schema.fieldNames()).contains(c)) {
        throw new IllegalArgumentException("output column '" + c + "' is already in the"
            + " DataFrame; set predictionCol / forecastCol to another name");
      }
    }
    return schema.add(p.getPredictionCol(), DataTypes.DoubleType, true)
        .add(p.getForecastCol(), DataTypes.createArrayType(DataTypes.DoubleType, false), true);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return outputSchema(schema, this);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> df) {
    StructType out = transformSchema(df.schema());
    SparkSession spark = df.sparkSession();
    if (!getWindowsCol().isEmpty()) {
      if (!isGlobal()) {
        throw new IllegalArgumentException("Param windowsCol is set, but " + uid + " holds one"
            + " model per series; prepared windows need a global model");
      }
      int field = df.schema().fieldIndex(getWindowsCol());
      String col = getWindowsCol();
      Broadcast<byte[]> file = JavaSparkContext.fromSparkContext(spark.sparkContext())
          .broadcast(models.get(GLOBAL));
      return df.toDF().mapPartitions((MapPartitionsFunction<Row, Row>) it ->
          PreparedWindows.predict(it, field, col, file.value()), Encoders.row(out));
    }
    Dataset<Row> grouped = grouped(df);
    SeriesRows.Fields fields = SeriesRows.Fields.of(grouped.schema(), this);
    int inputs = df.schema().size();
    Broadcast<HashMap<String, byte[]>> shared = broadcastModels(spark);
    return grouped.mapPartitions((MapPartitionsFunction<Row, Row>) it ->
        perSeries(it, fields, shared.value(), (one, f) -> predict(one, f, inputs)),
        Encoders.row(out));
  }

  /**
   * Each series' forecast, one row per series: the id and the last time, as in {@code df}, and
   * {@code forecastCol}, the next h values after the last time (array&lt;double&gt;). The same
   * numbers as {@link #transform}'s forecast column, without its one-step predictions or a row
   * per input row.
   *
   * @throws IllegalArgumentException in one line naming the Param, column or series that does
   *     not fit the model
   */
  public Dataset<Row> forecast(Dataset<?> df) {
    if (!getWindowsCol().isEmpty()) {
      throw new IllegalArgumentException("Param windowsCol is set: prepared windows have no"
          + " series to forecast; use transform");
    }
    StructType in = df.schema();
    transformSchema(in); // the column checks
    StructType out = new StructType()
        .add(in.apply(getIdCol()))
        .add(in.apply(getTimeCol()))
        .add(getForecastCol(), DataTypes.createArrayType(DataTypes.DoubleType, false), false);
    Dataset<Row> grouped = grouped(df);
    SeriesRows.Fields fields = SeriesRows.Fields.of(grouped.schema(), this);
    int id = in.fieldIndex(getIdCol());
    int time = in.fieldIndex(getTimeCol());
    Broadcast<HashMap<String, byte[]>> shared = broadcastModels(df.sparkSession());
    return grouped.mapPartitions((MapPartitionsFunction<Row, Row>) it ->
        perSeries(it, fields, shared.value(), (one, f) -> {
          Row last = one.rows().get(one.rows().size() - 1);
          double[] next = f.forecast(one.series(), f.spec().horizon()).values();
          return List.of(RowFactory.create(last.get(id), last.get(time),
              scala.collection.immutable.ArraySeq.unsafeWrapArray(next))).iterator();
        }), Encoders.row(out));
  }

  /** {@code df} partitioned by series and sorted by time, its series checked against the models. */
  private Dataset<Row> grouped(Dataset<?> df) {
    int partitions = Math.max(1, df.sparkSession().sparkContext().defaultParallelism());
    Dataset<Row> grouped = SeriesRows.grouped(df, this, partitions);
    checkSeries(grouped);
    return grouped;
  }

  private Broadcast<HashMap<String, byte[]>> broadcastModels(SparkSession spark) {
    return JavaSparkContext.fromSparkContext(spark.sparkContext())
        .broadcast(new HashMap<>(models));
  }

  /**
   * Checks on the driver what would otherwise fail inside a task once the output is read: the
   * Params' covariates against the model's, and, in one small job (a row per series), that every
   * series has a model, no null target and enough rows for a window.
   *
   * @throws IllegalArgumentException in one line naming the Param or the series
   */
  private void checkSeries(Dataset<Row> grouped) {
    if (models.isEmpty()) {
      throw new IllegalArgumentException(uid + " holds no model; fit it or load a saved one");
    }
    FittedForecaster any = ForecasterBytes.load(models.values().iterator().next()).forecaster();
    List<String> past = any.spec().past();
    if (past.size() != getCovariateCols().length) {
      throw new IllegalArgumentException("Param covariateCols names "
          + java.util.Arrays.toString(getCovariateCols()) + "; the model reads " + past.size()
          + " past covariates " + past + ": set covariateCols to " + past.size() + " columns");
    }
    java.util.Set<String> known = new java.util.HashSet<>(models.keySet());
    if (isGlobal()) {
      any.states().forEach(st -> known.add(st.id()));
    }
    int need = any.spec().span();
    org.apache.spark.sql.Column target = functions.col(getTargetCol());
    List<Row> counts = grouped.groupBy(SeriesRows.ID).agg(functions.count("*"),
        functions.sum(functions.when(target.isNull(), 1).otherwise(0))).collectAsList();
    List<String> unknown = new ArrayList<>();
    for (Row r : counts) {
      String id = r.getString(0);
      if (!known.contains(id)) {
        unknown.add(id);
      } else if (r.getLong(2) > 0) {
        throw new IllegalArgumentException("series '" + id + "': column '" + getTargetCol()
            + "' holds " + r.getLong(2) + " null value(s); fill or drop them before transform");
      } else if (r.getLong(1) < need) {
        throw new IllegalArgumentException("series '" + id + "' has " + r.getLong(1) + " rows;"
            + " the model needs at least " + need + " (its window) to forecast");
      }
    }
    if (!unknown.isEmpty()) {
      unknown.sort(null);
      throw new IllegalArgumentException("series " + unknown.stream().limit(5).map(u -> "'" + u
          + "'").toList() + (unknown.size() > 5 ? " and " + (unknown.size() - 5) + " more" : "")
          + " have no model: it was fitted on " + (known.size() - (isGlobal() ? 1 : 0))
          + " series; drop them or fit on them");
    }
  }

  /** What one series' rows become, given its forecaster. */
  @FunctionalInterface
  private interface SeriesOutput {
    Iterator<Row> rows(SeriesRows.One one, FittedForecaster f);
  }

  /**
   * The output rows of one partition, series after series: a series' rows are read, turned into
   * output and handed out before the next series is read.
   */
  private static Iterator<Row> perSeries(Iterator<Row> rows, SeriesRows.Fields fields,
      Map<String, byte[]> models, SeriesOutput output) {
    SeriesRows.Series series = new SeriesRows.Series(rows, fields);
    FittedForecaster global = models.containsKey(GLOBAL)
        ? ForecasterBytes.load(models.get(GLOBAL)).forecaster() : null;
    return new Iterator<>() {
      private Iterator<Row> current = java.util.Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && series.hasNext()) {
          SeriesRows.One one = series.next();
          FittedForecaster f = global != null ? global
              : ForecasterBytes.load(bytesFor(models, one.id())).forecaster();
          current = output.rows(one, f);
        }
        return current.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  /** A series' input rows with its one-step predictions and, on the last row, its forecast. */
  private static Iterator<Row> predict(SeriesRows.One one, FittedForecaster f, int inputs) {
    TimeSeries s = one.series();
    int n = s.length();
    int h = f.spec().horizon();
    Double[] oneStep = new Double[n];
    if (n >= f.spec().span() + h) {
      WindowPredictions wp = f.predictions(s);
      for (int w = 0; w < wp.count(); w++) {
        oneStep[wp.first() + w + 1] = wp.predicted()[w * h];
      }
    }
    double[] next = f.forecast(s, h).values();
    List<Row> in = one.rows();
    return new Iterator<>() {
      private int r;

      @Override
      public boolean hasNext() {
        return r < n;
      }

      @Override
      public Row next() {
        Row row = in.get(r);
        Object[] v = new Object[inputs + 2];
        for (int i = 0; i < inputs; i++) {
          v[i] = row.get(i);
        }
        v[inputs] = oneStep[r];
        v[inputs + 1] = r == n - 1 ? scala.collection.immutable.ArraySeq.unsafeWrapArray(next)
            : null;
        r++;
        return RowFactory.create(v);
      }
    };
  }

  private static byte[] bytesFor(Map<String, byte[]> models, String id) {
    byte[] b = models.get(models.containsKey(GLOBAL) ? GLOBAL : id);
    if (b == null) {
      throw new IllegalArgumentException("series '" + id + "' has no model: the model was fitted"
          + " on " + models.size() + " series, e.g. " + models.keySet().stream().limit(5).toList());
    }
    return b;
  }

  @Override
  public MLWriter write() {
    LstmForecastModel self = this;
    return new MLWriter() {
      @Override
      public void saveImpl(String path) {
        SparkSession spark = SparkSession.active();
        Persistence.saveMetadata(self, path, spark);
        Path dir = new Path(path, Persistence.MODELS);
        int k = 0;
        for (Map.Entry<String, byte[]> e : self.models.entrySet()) {
          String name = e.getKey().equals(GLOBAL) ? "model.safetensors"
              : String.format(java.util.Locale.ROOT, "series-%05d.safetensors", k++);
          Persistence.write(spark, new Path(dir, name), e.getValue());
        }
      }
    };
  }

  @Override
  public void save(String path) throws java.io.IOException {
    write().save(path);
  }

  /** The reader of saved models (Spark's {@code MLReadable}). */
  public static MLReader<LstmForecastModel> read() {
    return new MLReader<>() {
      @Override
      public LstmForecastModel load(String path) {
        SparkSession spark = SparkSession.active();
        LstmForecastModel params = Persistence.loadMetadata(path, LstmForecastModel.class,
            spark, LstmForecastModel::new);
        Map<String, byte[]> models = new LinkedHashMap<>();
        for (Path p : Persistence.modelFiles(spark, path)) {
          byte[] b = Persistence.read(spark, p);
          models.put(p.getName().equals("model.safetensors") ? GLOBAL
              : ForecasterBytes.load(b).forecaster().states().get(0).id(), b);
        }
        LstmForecastModel m = new LstmForecastModel(params.uid(), models, List.of(), Map.of());
        params.copyValues(m, ParamMap.empty());
        return m;
      }
    };
  }

  /** Loads a model saved by {@link #write()}. */
  public static LstmForecastModel load(String path) {
    return read().load(path);
  }

  /**
   * A per-series model of files the CLI or the Java API wrote ({@code ForecasterFile.save}), one
   * per series, keyed by the id of the series each was trained on; or, given one file trained on
   * several series, a global model. The columns are the Params' defaults until set.
   *
   * @throws java.io.IOException if a file cannot be read
   */
  public static LstmForecastModel fromFiles(String uid, List<java.nio.file.Path> files)
      throws java.io.IOException {
    Map<String, byte[]> models = new LinkedHashMap<>();
    for (java.nio.file.Path p : files) {
      ForecasterFile.Loaded l = ForecasterFile.load(p);
      byte[] b = java.nio.file.Files.readAllBytes(p);
      if (files.size() == 1 && l.forecaster().states().size() > 1) {
        models.put(GLOBAL, b);
      } else {
        models.put(l.forecaster().states().get(0).id(), b);
      }
    }
    return new LstmForecastModel(uid, models, List.of(), Map.of());
  }
}
