package org.lstmlab.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.lstmlab.core.data.Scaler;
import org.lstmlab.core.forecast.FittedForecaster;
import org.lstmlab.core.forecast.ForecastConfig;
import org.lstmlab.core.forecast.ForecastSpec;
import org.lstmlab.core.forecast.Forecaster;
import org.lstmlab.core.forecast.SeriesState;
import org.lstmlab.core.forecast.TimeSeries;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;

/**
 * Input of prepared windows instead of series: each row holds one window, {@code windowsCol} an
 * {@code array<float>} (or {@code array<double>}) of T·I values, step after step (T = the {@code
 * window} Param, I = inputs per step, found from the first row), and {@code labelCol} the h values
 * to forecast ({@code array<float>}, or a number when h = 1). The windows are taken as they are:
 * no split, no scaler, no transform (the saved model records scaler and transform {@code none}).
 *
 * <p>Training is that of the global modes ({@link SyncTraining#train}): each partition's rows
 * become one cached {@link SyncTraining.Part}, numbered in partition order, so the run equals the
 * library's {@code Trainer} on the same windows in that order (sync: within float rounding). There
 * are no validation windows, so early stopping ({@code patience}) must be off. {@link #predict}
 * forecasts a partition's windows in batches of {@value #CHUNK}.
 */
final class PreparedWindows {

  /** Windows per forward pass at transform. */
  static final int CHUNK = 256;

  private PreparedWindows() {}

  /**
   * Checks the windows and label columns' types.
   *
   * @throws IllegalArgumentException in one line naming the column and its type
   */
  static void check(StructType schema, ForecastParams p, boolean withLabel) {
    List<String> names = java.util.Arrays.asList(schema.fieldNames());
    String[][] columns = withLabel
        ? new String[][] {{p.getWindowsCol(), "windowsCol"}, {p.getLabelCol(), "labelCol"}}
        : new String[][] {{p.getWindowsCol(), "windowsCol"}};
    for (String[] c : columns) {
      if (!names.contains(c[0])) {
        throw new IllegalArgumentException("column '" + c[0] + "' (" + c[1] + ") is not in the"
            + " DataFrame; its columns are " + names);
      }
      DataType t = schema.apply(c[0]).dataType();
      boolean numbers = t instanceof ArrayType a && a.elementType() instanceof NumericType;
      if (!(numbers || (c[1].equals("labelCol") && t instanceof NumericType))) {
        throw new IllegalArgumentException("column '" + c[0] + "' (" + c[1] + ") is "
            + t.simpleString() + "; it must be array<float>" + (c[1].equals("labelCol")
                ? " or a number" : ""));
      }
    }
  }

  /** Trains the global model on the windows of {@code df}. */
  static SyncTraining.Result fit(Dataset<?> df, ForecastParams p) {
    check(df.schema(), p, true);
    ForecastConfig config = p.toConfig();
    if (config.training().patience() > 0) {
      throw new IllegalArgumentException("Param patience " + config.training().patience()
          + " needs validation windows, which prepared windows (windowsCol) do not have: set"
          + " patience 0");
    }
    int set = (Integer) p.getOrDefault(p.partitions());
    Dataset<Row> d = df.toDF().select(functions.col(p.getWindowsCol()),
        functions.col(p.getLabelCol()));
    if (set > 0) {
      d = d.repartition(set);
    }
    Row first = d.filter(functions.col(p.getWindowsCol()).isNotNull()).first();
    int t = config.window();
    int length = first.getList(0).size();
    if (length % t != 0 || length == 0) {
      throw new IllegalArgumentException("column '" + p.getWindowsCol() + "' (windowsCol): the"
          + " first window has " + length + " values, not a multiple of window " + t + " (T·I"
          + " values, T steps of I inputs)");
    }
    int inputs = length / t;
    int h = config.horizon();
    SyncTraining.Setup setup = new SyncTraining.Setup(java.util.UUID.randomUUID().toString(), p,
        SyncTraining.SeriesData.of(stand(inputs - 1, t + h)));
    String w = p.getWindowsCol();
    String label = p.getLabelCol();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
    JavaRDD<SyncTraining.Part> read = d.javaRDD()
        .mapPartitions(it -> List.of(part(it, length, h, w, label)).iterator())
        .persist(StorageLevel.MEMORY_ONLY());
    List<Integer> counts = Errors.unwrap(() -> read.map(part -> part.index.length).collect());
    int[] local = counts.stream().mapToInt(Integer::intValue).toArray();
    int[] offsets = new int[local.length];
    int n = 0;
    for (int q = 0; q < local.length; q++) {
      offsets[q] = n;
      n += local[q];
    }
    if (n == 0) {
      throw new IllegalArgumentException("column '" + w + "' (windowsCol) holds no window");
    }
    JavaRDD<SyncTraining.Part> parts = read.mapPartitionsWithIndex((q, it) -> {
      SyncTraining.Part part = it.next();
      for (int i = 0; i < part.index.length; i++) {
        part.index[i] = offsets[q] + i;
      }
      return List.of(part).iterator();
    }, true).persist(StorageLevel.MEMORY_ONLY());
    parts.count();
    read.unpersist(false);
    SyncTraining.Trained trained = SyncTraining.train(sc, parts, setup, local, n, 0);
    ForecastSpec spec = setup.spec();
    FittedForecaster f = new FittedForecaster(trained.model(), spec,
        List.of(SeriesState.of(w, Scaler.none())));
    byte[] bytes = ForecasterBytes.of(new Forecaster.Fit(f, trained.result(), config));
    return new SyncTraining.Result(bytes, List.of(), trained.cost().syncs,
        trained.cost().syncNanos / 1e6, trained.cost().computeNanos / 1e6);
  }

  /**
   * A stand-in series with {@code past} covariates from which the library resolves the spec
   * (cell, sizes, inputs = 1 + past): long enough for any split of windows of {@code span}.
   */
  private static TimeSeries stand(int past, int span) {
    int rows = 20 * span + 20;
    double[] y = new double[rows];
    double[] x = new double[rows * past];
    List<String> times = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      y[r] = Math.sin(r);
      times.add(Integer.toString(r));
    }
    return new TimeSeries("", times, y, x, past, new double[0], 0);
  }

  /** One partition's rows as a part: windows (n, T·I) and labels (n, h). */
  private static SyncTraining.Part part(Iterator<Row> rows, int length, int h, String w,
      String label) {
    List<float[]> xs = new ArrayList<>();
    List<float[]> ys = new ArrayList<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      String where = "row " + (xs.size() + 1) + " of partition "
          + org.apache.spark.TaskContext.getPartitionId();
      xs.add(values(r, 0, length, w + "' (windowsCol", where));
      ys.add(values(r, 1, h, label + "' (labelCol", where));
    }
    SyncTraining.Part part = new SyncTraining.Part();
    int n = xs.size();
    part.x = new float[n * length];
    part.y = new float[n * h];
    for (int i = 0; i < n; i++) {
      System.arraycopy(xs.get(i), 0, part.x, i * length, length);
      System.arraycopy(ys.get(i), 0, part.y, i * h, h);
    }
    part.index = new int[n];
    return part;
  }

  /** Field {@code i} of {@code r}: {@code length} finite values (a number is one value). */
  private static float[] values(Row r, int i, int length, String column, String where) {
    if (r.isNullAt(i)) {
      throw new IllegalArgumentException(where + ": column '" + column + ") is null");
    }
    Object v = r.get(i);
    List<?> list = v instanceof Number ? List.of(v) : r.getList(i);
    if (list.size() != length) {
      throw new IllegalArgumentException(where + ": column '" + column + ") has " + list.size()
          + " values; expected " + length);
    }
    float[] out = new float[length];
    for (int k = 0; k < length; k++) {
      Object e = list.get(k);
      out[k] = e == null ? Float.NaN : ((Number) e).floatValue();
      if (!Float.isFinite(out[k])) {
        throw new IllegalArgumentException(where + ": column '" + column + ") value " + (k + 1)
            + " is " + (e == null ? "null" : e) + ", not a finite number");
      }
    }
    return out;
  }

  /** The input schema with {@code predictionCol}: array<double>, the h values forecast. */
  static StructType outputSchema(StructType schema, ForecastParams p) {
    check(schema, p, false);
    if (java.util.Arrays.asList(schema.fieldNames()).contains(p.getPredictionCol())) {
      throw new IllegalArgumentException("output column '" + p.getPredictionCol() + "' is"
          + " already in the DataFrame; set predictionCol to another name");
    }
    return schema.add(p.getPredictionCol(), DataTypes.createArrayType(DataTypes.DoubleType,
        false), true);
  }

  /** One partition's rows with their forecasts, {@value #CHUNK} windows per forward pass. */
  static Iterator<Row> predict(Iterator<Row> rows, int windowsField, String windowsCol,
      byte[] model) {
    FittedForecaster f = ForecasterBytes.load(model).forecaster();
    SequenceModel m = f.model();
    ForecastSpec spec = f.spec();
    int length = spec.steps() * spec.inputs();
    int h = spec.horizon();
    List<Row> out = new ArrayList<>();
    List<Row> chunk = new ArrayList<>(CHUNK);
    float[] x = new float[CHUNK * length];
    while (rows.hasNext() || !chunk.isEmpty()) {
      if (rows.hasNext() && chunk.size() < CHUNK) {
        Row r = rows.next();
        String where = "row " + (out.size() + chunk.size() + 1) + " of partition "
            + org.apache.spark.TaskContext.getPartitionId();
        float[] v = values(r, windowsField, length, windowsCol + "' (windowsCol", where);
        System.arraycopy(v, 0, x, chunk.size() * length, length);
        chunk.add(r);
        continue;
      }
      int k = chunk.size();
      float[] pred = m.predict(SequenceBatch.of(java.util.Arrays.copyOf(x, k * length), k,
          spec.steps(), spec.inputs()));
      for (int j = 0; j < k; j++) {
        Row r = chunk.get(j);
        Object[] v = new Object[r.size() + 1];
        for (int i = 0; i < r.size(); i++) {
          v[i] = r.get(i);
        }
        double[] p = new double[h];
        for (int q = 0; q < h; q++) {
          p[q] = pred[j * h + q];
        }
        v[r.size()] = scala.collection.immutable.ArraySeq.unsafeWrapArray(p);
        out.add(RowFactory.create(v));
      }
      chunk.clear();
    }
    return out.iterator();
  }
}
