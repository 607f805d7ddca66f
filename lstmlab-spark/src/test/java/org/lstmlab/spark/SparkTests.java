package org.lstmlab.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.lstmlab.core.forecast.SeriesDataset;
import org.lstmlab.core.forecast.TimeSeries;

/** One local Spark session for every test class, and the series they share. */
final class SparkTests {

  private static SparkSession spark;

  private SparkTests() {}

  /** A session on local[2], no UI, few shuffle partitions: started once per JVM. */
  static synchronized SparkSession spark() {
    if (spark == null) {
      spark = SparkSession.builder().master("local[2]").appName("lstmlab-spark-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.sql.adaptive.enabled", "false")
          .getOrCreate();
      spark.sparkContext().setLogLevel("ERROR");
    }
    return spark;
  }

  static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.StringType, false)
      .add("t", DataTypes.IntegerType, false)
      .add("y", DataTypes.DoubleType, true)
      .add("x", DataTypes.DoubleType, true);

  /** Series {@code id}: a noisy seasonal curve of n points with a covariate, fixed by the id. */
  static TimeSeries series(String id, int n) {
    long seed = id.hashCode();
    java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
    double level = 10 + rng.nextDouble() * 5;
    double amp = 1 + rng.nextDouble() * 2;
    double[] y = new double[n];
    double[] x = new double[n];
    List<String> times = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      x[t] = Math.cos(2 * Math.PI * t / 12.0);
      y[t] = level + amp * Math.sin(2 * Math.PI * t / 12.0) + 0.05 * t + 0.2 * rng.nextGaussian();
      times.add(Integer.toString(t));
    }
    return new TimeSeries(id, times, y, x, 1, new double[0], 0);
  }

  /** The long-format rows of {@code series} (id, t, y, x), shuffled so order is not given. */
  static Dataset<Row> frame(List<TimeSeries> series) {
    List<Row> rows = new ArrayList<>();
    for (TimeSeries s : series) {
      double[] y = s.target();
      double[] x = s.past();
      for (int t = 0; t < s.length(); t++) {
        rows.add(RowFactory.create(s.id(), t, y[t], s.pastColumns() > 0 ? x[t] : 0.0));
      }
    }
    java.util.Collections.shuffle(rows, new java.util.Random(1));
    return spark().createDataFrame(rows, SCHEMA);
  }

  /** The library's dataset of {@code series} with the tests' column names. */
  static SeriesDataset dataset(List<TimeSeries> series, boolean covariate) {
    return new SeriesDataset("y", covariate ? List.of("x") : List.of(), List.of(),
        Optional.of("t"), Optional.of("id"), series);
  }
}
