package org.lstmlab.spark;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code spark-submit} entry point: a long-format CSV or Parquet file in; the fitted model,
 * the per-series summary and each series' forecast out. A thin shell over {@link LstmForecaster}.
 *
 * <pre>
 * spark-submit --class org.lstmlab.spark.ForecastJob lstmlab-spark-*-spark-submit.jar \
 *   input=sales.csv output=out/ idCol=store timeCol=date targetCol=sales window=28 horizon=7
 * </pre>
 *
 * Arguments are {@code name=value}: {@code input} and {@code output} (paths on any Hadoop file
 * system; a path ending in {@code .parquet} is read as Parquet, any other as CSV with a header),
 * then any Param of {@link LstmForecaster} by its name (lists comma-separated). Writes {@code
 * output/model} (the library's model files inside), {@code output/summary} and {@code
 * output/forecasts} (id, the last time, the next horizon values), both Parquet. A wrong argument
 * ends the job with one line on stderr and exit status 2.
 *
 * <p>The three outputs appear together or not at all: they are written into a staging directory
 * beside {@code output} ({@code output.staging-<random>}), which takes {@code output}'s place by
 * rename only when all three are complete. A job that fails (bad data, a lost executor, a full
 * disk) deletes its staging directory and leaves an existing {@code output} as it was; a
 * successful one replaces it (the old directory is moved aside first and deleted last, so a crash
 * between the two renames leaves it at {@code output.previous-<random>}, not lost).
 */
public final class ForecastJob {

  private ForecastJob() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("lstmlab-forecast").getOrCreate();
    try {
      run(spark, args);
    } catch (IllegalArgumentException e) {
      System.err.println("lstmlab-spark: " + e.getMessage());
      spark.stop();
      System.exit(2);
    }
    spark.stop();
  }

  /**
   * Reads, fits, writes.
   *
   * @throws IllegalArgumentException in one line naming the argument, Param, column or series
   */
  static LstmForecastModel run(SparkSession spark, String[] args) {
    Map<String, String> a = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("argument '" + arg + "' is not name=value (e.g."
            + " input=sales.csv, window=28)");
      }
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    String input = a.remove("input");
    String output = a.remove("output");
    if (input == null || output == null) {
      throw new IllegalArgumentException("input=PATH and output=PATH are required");
    }
    LstmForecaster est = new LstmForecaster();
    ParamMap settings = ParamMap.empty();
    for (Map.Entry<String, String> e : a.entrySet()) {
      settings.put(param(est, e.getKey()), value(est.getParam(e.getKey()), e.getValue()));
    }
    est = est.copy(settings);
    Dataset<Row> df;
    try {
      df = input.toLowerCase(Locale.ROOT).endsWith(".parquet")
          ? spark.read().parquet(input)
          : spark.read().option("header", "true").option("inferSchema", "true").csv(input);
    } catch (Exception e) { // Spark's AnalysisException: a missing path, a file it cannot read
      throw new IllegalArgumentException("input=" + input + ": " + firstLine(e.getMessage()), e);
    }
    LstmForecastModel model = est.fit(df);
    Path target;
    FileSystem fs;
    try {
      fs = new Path(output).getFileSystem(spark.sparkContext().hadoopConfiguration());
      target = fs.makeQualified(new Path(output));
    } catch (IOException e) {
      throw new IllegalArgumentException("output=" + output + ": " + firstLine(e.getMessage()), e);
    }
    String tag = UUID.randomUUID().toString().substring(0, 8);
    Path staging = new Path(target.getParent(), target.getName() + ".staging-" + tag);
    boolean moved = false;
    try {
      write(model, df, staging.toString());
      Path previous = new Path(target.getParent(), target.getName() + ".previous-" + tag);
      boolean hadOutput = fs.exists(target);
      if (hadOutput && !fs.rename(target, previous)) {
        throw new IOException("could not move the existing output aside");
      }
      if (!fs.rename(staging, target)) {
        if (hadOutput) {
          fs.rename(previous, target);
        }
        throw new IOException("could not move the finished output into place");
      }
      moved = true;
      if (hadOutput) {
        fs.delete(previous, true);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("output=" + output + ": could not write: "
          + firstLine(e.getMessage()), e);
    } finally {
      if (!moved) {
        deleteQuietly(fs, staging);
      }
    }
    return model;
  }

  /** The model, the summary and the forecasts under {@code dir}. */
  private static void write(LstmForecastModel model, Dataset<Row> df,
      String dir) throws IOException {
    model.write().save(dir + "/model");
    model.summary().write().mode(SaveMode.ErrorIfExists).parquet(dir + "/summary");
    model.forecast(df).write().mode(SaveMode.ErrorIfExists).parquet(dir + "/forecasts");
  }

  private static void deleteQuietly(FileSystem fs, Path dir) {
    try {
      fs.delete(dir, true);
    } catch (IOException ignored) {
      // the staging directory's name says what it is; the job's own error is the one to report
    }
  }

  private static String firstLine(String message) {
    return message == null ? "cannot be read" : message.strip().lines().findFirst().orElse("");
  }

  @SuppressWarnings("unchecked")
  private static Param<Object> param(LstmForecaster est, String name) {
    if (!est.hasParam(name)) {
      throw new IllegalArgumentException("argument '" + name + "' is not a Param of"
          + " LstmForecaster; its Params are " + java.util.Arrays.stream(est.params())
              .map(Param::name).toList());
    }
    return (Param<Object>) est.getParam(name);
  }

  private static Object value(Param<?> p, String v) {
    try {
      if (p instanceof IntParam) {
        return Integer.parseInt(v);
      } else if (p instanceof LongParam) {
        return Long.parseLong(v);
      } else if (p instanceof DoubleParam) {
        return Double.parseDouble(v);
      } else if (p instanceof StringArrayParam) {
        return v.isEmpty() ? new String[0] : v.split(",");
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("argument " + p.name() + "=" + v + ": '" + v
          + "' is not a number", e);
    }
  }
}
