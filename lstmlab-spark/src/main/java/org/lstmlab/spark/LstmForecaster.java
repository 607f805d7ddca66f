package org.lstmlab.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML Estimator of LSTM Lab forecasters over a long-format series DataFrame: one row per
 * series and time step, with a series id, a time, a numeric target and optional numeric
 * covariates ({@link ForecastParams} names the columns and the settings).
 *
 * <p>{@link #fit} runs the library's forecasting pipeline ({@code Forecaster}: split, scaler per
 * series, windows, the one training loop, early stopping) in one of two training modes:
 *
 * <ul>
 *   <li>{@code per_series} (default): one model per series, trained in parallel across executors
 *       (rows grouped by series id); the model's {@link LstmForecastModel#summary()} scores every
 *       series against its baselines.
 *   <li>{@code sync}: one global model on every series' windows, one Spark job per step; see
 *       {@link SyncTraining}.
 *   <li>{@code average}: one global model, each partition taking {@code localSteps} steps
 *       between averages of weights and optimizer state; see {@link Averaging}.
 * </ul>
 *
 * <pre>{@code
 * LstmForecaster est = new LstmForecaster().setIdCol("store").setTimeCol("date")
 *     .setTargetCol("sales").setWindow(24).setHorizon(7).setEpochs(50);
 * LstmForecastModel model = est.fit(df);
 * model.transform(df);          // + prediction (one step ahead), + forecast (next 7, last rows)
 * model.write().save("hdfs:///models/sales");   // the library's model files inside
 * }</pre>
 *
 * Errors for people: a missing column, a wrong column type, a Param out of range, a series too
 * short for the window or holding a null are one-line {@link IllegalArgumentException}s naming
 * the column, Param or series.
 */
public final class LstmForecaster extends Estimator<LstmForecastModel>
    implements ForecastParams, MLWritable {

  private static final long serialVersionUID = 1L;
  private final String uid;
  private final Holder params;

  /** An estimator with every default. */
  public LstmForecaster() {
    this(Identifiable$.MODULE$.randomUID("lstmForecaster"));
  }

  /** An estimator with the given uid (Spark's copies and readers call this). */
  public LstmForecaster(String uid) {
    this.uid = uid;
    this.params = new Holder(this);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Holder forecastParams() {
    return params;
  }

  public LstmForecaster setIdCol(String v) {
    set(idCol(), v);
    return this;
  }

  public LstmForecaster setTimeCol(String v) {
    set(timeCol(), v);
    return this;
  }

  public LstmForecaster setTargetCol(String v) {
    set(targetCol(), v);
    return this;
  }

  public LstmForecaster setCovariateCols(String... v) {
    set(covariateCols(), v);
    return this;
  }

  public LstmForecaster setPredictionCol(String v) {
    set(predictionCol(), v);
    return this;
  }

  public LstmForecaster setForecastCol(String v) {
    set(forecastCol(), v);
    return this;
  }

  public LstmForecaster setWindow(int v) {
    set(window(), v);
    return this;
  }

  public LstmForecaster setHorizon(int v) {
    set(horizon(), v);
    return this;
  }

  public LstmForecaster setCell(String v) {
    set(cell(), v);
    return this;
  }

  public LstmForecaster setHidden(int v) {
    set(hidden(), v);
    return this;
  }

  public LstmForecaster setLayers(int v) {
    set(layers(), v);
    return this;
  }

  public LstmForecaster setOptimizer(String v) {
    set(optimizer(), v);
    return this;
  }

  public LstmForecaster setLr(double v) {
    set(lr(), v);
    return this;
  }

  public LstmForecaster setEpochs(int v) {
    set(epochs(), v);
    return this;
  }

  public LstmForecaster setBatchSize(int v) {
    set(batchSize(), v);
    return this;
  }

  public LstmForecaster setPatience(int v) {
    set(patience(), v);
    return this;
  }

  public LstmForecaster setSeed(long v) {
    set(seed(), v);
    return this;
  }

  public LstmForecaster setValidation(double v) {
    set(validation(), v);
    return this;
  }

  public LstmForecaster setTest(double v) {
    set(test(), v);
    return this;
  }

  public LstmForecaster setTrainingMode(String v) {
    set(trainingMode(), v);
    return this;
  }

  public LstmForecaster setWindowsCol(String v) {
    set(windowsCol(), v);
    return this;
  }

  public LstmForecaster setLabelCol(String v) {
    set(labelCol(), v);
    return this;
  }

  public LstmForecaster setLocalSteps(int v) {
    set(localSteps(), v);
    return this;
  }

  public LstmForecaster setPartitions(int v) {
    set(partitions(), v);
    return this;
  }

  public LstmForecaster setCheckpointDir(String v) {
    set(checkpointDir(), v);
    return this;
  }

  public LstmForecaster setCheckpointInterval(int v) {
    set(checkpointInterval(), v);
    return this;
  }

  @Override
  public LstmForecaster copy(ParamMap extra) {
    return (LstmForecaster) defaultCopy(extra);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    toConfig();
    return LstmForecastModel.outputSchema(schema, this);
  }

  @Override
  public LstmForecastModel fit(Dataset<?> df) {
    transformSchema(df.schema());
    if (!getWindowsCol().isEmpty()) {
      SyncTraining.Result r = PreparedWindows.fit(df, copy(ParamMap.empty()));
      LstmForecastModel model = new LstmForecastModel(uid, Map.of(LstmForecastModel.GLOBAL,
          r.model()), List.of(), Map.of("syncs", (double) r.syncs(), "sync_ms", r.syncMillis(),
          "compute_ms", r.computeMillis()));
      copyValues(model, ParamMap.empty());
      return model.setParent(this);
    }
    SparkSession spark = df.sparkSession();
    int set = (Integer) getOrDefault(partitions());
    int partitions = set > 0 ? set : Math.max(1, spark.sparkContext().defaultParallelism());
    Dataset<Row> grouped = SeriesRows.grouped(df, this, partitions);
    SeriesRows.Fields fields = SeriesRows.Fields.of(grouped.schema(), this);
    LstmForecaster self = copy(ParamMap.empty());
    Map<String, byte[]> models = new LinkedHashMap<>();
    List<Row> summary = new ArrayList<>();
    Map<String, Double> cost = new LinkedHashMap<>();
    if (getTrainingMode().equals(PER_SERIES)) {
      List<Row> rows = Errors.unwrap(() -> grouped.mapPartitions(
          (MapPartitionsFunction<Row, Row>) it -> PerSeries.train(it, fields, self),
          Encoders.row(PerSeries.WITH_MODEL)).collectAsList());
      rows = new ArrayList<>(rows);
      rows.sort((a, b) -> a.getString(0).compareTo(b.getString(0)));
      int last = PerSeries.WITH_MODEL.size() - 1;
      for (Row r : rows) {
        models.put(r.getString(0), (byte[]) r.get(last));
        Object[] v = new Object[last];
        for (int i = 0; i < last; i++) {
          v[i] = r.get(i);
        }
        summary.add(RowFactory.create(v));
      }
    } else {
      SyncTraining.Result r = SyncTraining.fit(grouped, fields, self);
      models.put(LstmForecastModel.GLOBAL, r.model());
      summary.addAll(r.summary());
      cost.put("syncs", (double) r.syncs());
      cost.put("sync_ms", r.syncMillis());
      cost.put("compute_ms", r.computeMillis());
    }
    LstmForecastModel model = new LstmForecastModel(uid, models, summary, cost);
    copyValues(model, ParamMap.empty());
    return model.setParent(this);
  }

  @Override
  public MLWriter write() {
    LstmForecaster self = this;
    return new MLWriter() {
      @Override
      public void saveImpl(String path) {
        Persistence.saveMetadata(self, path, SparkSession.active());
      }
    };
  }

  @Override
  public void save(String path) throws java.io.IOException {
    write().save(path);
  }

  /** The reader of saved estimators (Spark's {@code MLReadable}). */
  public static MLReader<LstmForecaster> read() {
    return new MLReader<>() {
      @Override
      public LstmForecaster load(String path) {
        return Persistence.loadMetadata(path, LstmForecaster.class, SparkSession.active(),
            LstmForecaster::new);
      }
    };
  }

  /** Loads an estimator saved by {@link #write()}. */
  public static LstmForecaster load(String path) {
    return read().load(path);
  }
}
