package org.lstmlab.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.lstmlab.core.forecast.TimeSeries;

/**
 * By hand, not a test (its name keeps it out of the build's test run): per-series training of
 * many series on one partition (one core busy, as local[1]) against two (local[2]'s two cores);
 * then forecasting with the fitted models: {@code transform} (every row, one-step predictions)
 * against {@code forecast} (a row per series), each written to Spark's no-op sink.
 *
 * <pre>
 * ./mvnw -o -q -pl lstmlab-spark -am test -Dfuzz.skip=true -Dtest=PerSeriesBench -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Arguments (system properties): {@code bench.series} (default 200), {@code bench.points} (500),
 * {@code bench.reps} (2: the first warms up and is not printed; 1: one fit each, printed),
 * {@code bench.forecast} (true: also time transform against forecast).
 */
class PerSeriesBench {

  @Test
  void run() {
    main(new String[0]);
  }

  public static void main(String[] args) {
    int count = Integer.getInteger("bench.series", 200);
    int points = Integer.getInteger("bench.points", 500);
    List<TimeSeries> series = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      series.add(SparkTests.series(String.format(Locale.ROOT, "s%05d", i), points));
    }
    Dataset<Row> df = SparkTests.frame(series).cache();
    df.count();
    System.out.println("per_series: " + count + " series x " + points + " points, window 24,"
        + " hidden 16, batch 32, 3 epochs, patience 0");
    int reps = Integer.getInteger("bench.reps", 2);
    LstmForecastModel fitted = null;
    for (int rep = 0; rep < reps; rep++) { // with 2, the first warms up
      for (int partitions : new int[] {1, 2}) {
        LstmForecaster est = new LstmForecaster().setIdCol("id").setTimeCol("t")
            .setTargetCol("y").setCovariateCols("x").setWindow(24).setHorizon(1).setHidden(16)
            .setEpochs(3).setBatchSize(32).setPatience(0).setSeed(1).setPartitions(partitions);
        long t0 = System.nanoTime();
        LstmForecastModel m = est.fit(df);
        fitted = m;
        double s = (System.nanoTime() - t0) / 1e9;
        if (rep == reps - 1) {
          System.out.printf(Locale.ROOT, "partitions %d: %.1f s, %.1f series/s (%d models)%n",
              partitions, s, count / s, m.seriesIds().size());
        }
      }
    }
    for (int rep = 0; rep < (Boolean.parseBoolean(System.getProperty("bench.forecast", "true"))
        ? 3 : 0); rep++) { // the first warms up
      long t0 = System.nanoTime();
      fitted.transform(df).write().format("noop").mode("overwrite").save();
      double all = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      fitted.forecast(df).write().format("noop").mode("overwrite").save();
      double last = (System.nanoTime() - t0) / 1e9;
      if (rep > 0) {
        System.out.printf(Locale.ROOT, "transform (%d rows): %.2f s; forecast (%d rows): %.2f s%n",
            count * points, all, count, last);
      }
    }
    df.unpersist();
  }
}
