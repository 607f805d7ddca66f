package org.lstmlab.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.lstmlab.core.forecast.Evaluation;
import org.lstmlab.core.forecast.FittedForecaster;
import org.lstmlab.core.forecast.ForecastConfig;
import org.lstmlab.core.forecast.Forecaster;
import org.lstmlab.core.forecast.TimeSeries;
import org.lstmlab.core.forecast.WindowPredictions;

/**
 * Many models, one per series: each executor task trains the library's {@link Forecaster} on each
 * series of its partition alone (its own scaler, split and early stopping) and scores it with the
 * library's {@link Evaluation} against the baselines on the series' test part.
 *
 * <p>A series' model and scores depend on that series and the Params only, so the result does not
 * depend on the number of executors or partitions: it equals {@code new Forecaster(config)
 * .fit(series)} run alone, bit for bit (the test checks this).
 */
final class PerSeries {

  /** The forecasters scored, in the summary's column order. */
  static final List<String> SCORED = scored();

  /** The summary's schema: one row per series. */
  static final StructType SUMMARY = summarySchema();

  /** The summary's schema with the model file's bytes. */
  static final StructType WITH_MODEL = SUMMARY.add("model", DataTypes.BinaryType, false);

  private PerSeries() {}

  private static List<String> scored() {
    List<String> s = new ArrayList<>();
    s.add(Evaluation.MODEL);
    for (WindowPredictions.Baseline b : WindowPredictions.Baseline.values()) {
      s.add(b.id());
    }
    return List.copyOf(s);
  }

  private static StructType summarySchema() {
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField("id", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("rows", DataTypes.IntegerType, false));
    f.add(DataTypes.createStructField("epochs", DataTypes.IntegerType, false));
    f.add(DataTypes.createStructField("best_epoch", DataTypes.IntegerType, false));
    f.add(DataTypes.createStructField("stop", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("train_ms", DataTypes.LongType, false));
    f.add(DataTypes.createStructField("test_windows", DataTypes.IntegerType, false));
    for (String s : SCORED) {
      for (String m : List.of("mse", "mae", "mase")) {
        f.add(DataTypes.createStructField(s + "_" + m, DataTypes.DoubleType, true));
      }
    }
    return DataTypes.createStructType(f);
  }

  /** Trains and scores every series of one partition: rows of {@link #WITH_MODEL}. */
  static Iterator<Row> train(Iterator<Row> rows, SeriesRows.Fields fields, ForecastParams p) {
    ForecastConfig config = p.toConfig();
    List<Row> out = new ArrayList<>();
    SeriesRows.Series series = new SeriesRows.Series(rows, fields);
    while (series.hasNext()) {
      SeriesRows.One one = series.next();
      Forecaster.Fit fit = new Forecaster(config).fit(SeriesRows.dataset(p,
          List.of(one.series())));
      out.add(summary(one.series(), fit.forecaster(), Ended.of(fit), ForecasterBytes.of(fit)));
    }
    return out.iterator();
  }

  /** How a training run ended, as the summary reports it. */
  record Ended(int epochs, int bestEpoch, String stop, long millis)
      implements java.io.Serializable {
    static Ended of(Forecaster.Fit fit) {
      return new Ended(fit.result().epochs(), fit.result().bestEpoch(),
          fit.result().stopReason().name().toLowerCase(java.util.Locale.ROOT),
          fit.result().elapsedMillis());
    }
  }

  /**
   * The summary row of {@code series} under forecaster {@code f} (its own, or the global one),
   * with {@code model}'s bytes at the end unless null.
   */
  static Row summary(TimeSeries series, FittedForecaster f, Ended ended, byte[] model) {
    List<Object> v = new ArrayList<>();
    v.add(series.id());
    v.add(series.length());
    v.add(ended.epochs());
    v.add(ended.bestEpoch());
    v.add(ended.stop());
    v.add(ended.millis());
    List<WindowPredictions> preds = List.of(f.predictions(series));
    boolean hasTest = !preds.get(0).range(WindowPredictions.Part.TEST).isEmpty();
    Evaluation e = hasTest ? Evaluation.of(f, preds, WindowPredictions.Part.TEST) : null;
    v.add(e == null ? 0 : e.windows());
    for (String name : SCORED) {
      Evaluation.Score s = e == null ? null : e.scores().get(name);
      v.add(s == null ? null : s.metrics().mse());
      v.add(s == null ? null : s.metrics().mae());
      v.add(s == null || Double.isNaN(s.mase()) ? null : s.mase());
    }
    if (model != null) {
      v.add(model);
    }
    return RowFactory.create(v.toArray());
  }
}
