package org.lstmlab.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.lstmlab.core.forecast.ForecastConfig;
import org.lstmlab.core.forecast.Forecaster;
import org.lstmlab.core.forecast.TimeSeries;

/**
 * By hand, not a test (its name keeps it out of the build's test run): what one sync costs
 * (broadcast, task launch, tree sum) against the compute of one step, in local mode, for a few
 * model sizes, in the sync and the averaging modes, with the single-process step beside them.
 *
 * <pre>
 * ./mvnw -o -q -pl lstmlab-spark -am test -Dtest=SyncCostBench -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Prints one line per (mode, hidden): syncs, wall ms per sync, the slowest partition's compute ms
 * per sync, their difference (the overhead per sync), and the library's own {@code
 * Forecaster.fit} in this JVM: wall ms per step (its second run; validation included).
 */
class SyncCostBench {

  static final int SERIES = 40;
  static final int POINTS = 200;
  static final int BATCH = 32;
  static final int WINDOW = 24;

  @Test
  void run() {
    main(new String[0]);
  }

  public static void main(String[] args) {
    List<TimeSeries> series = new ArrayList<>();
    for (int i = 0; i < SERIES; i++) {
      series.add(SparkTests.series(String.format(Locale.ROOT, "b%03d", i), POINTS));
    }
    Dataset<Row> df = SparkTests.frame(series).cache();
    df.count();
    System.out.println("series " + SERIES + " x " + POINTS + " points, window " + WINDOW
        + ", batch " + BATCH + ", local[2], 1 epoch");
    System.out.println("mode     parts hidden  params  syncs  ms/sync  syncs/s  compute-ms/sync"
        + "  overhead-ms/sync  1-JVM-ms/step");
    for (int hidden : new int[] {8, 32, 64}) {
      ForecastConfig c = ForecastConfig.builder().window(WINDOW).horizon(1).hidden(hidden)
          .training(ForecastConfig.defaultTraining().toBuilder().epochs(1).batchSize(BATCH)
              .seed(1).build()).build();
      Forecaster.Fit one = null;
      for (int rep = 0; rep < 2; rep++) { // the second run, warm
        one = new Forecaster(c).fit(SparkTests.dataset(series, true));
      }
      double oneStep = (double) one.result().elapsedMillis() / one.result().steps();
      int params = one.forecaster().model().parameters().size();
      for (String mode : new String[] {"sync", "average"}) {
        for (int partitions : new int[] {1, 2}) {
          for (int rep = 0; rep < 2; rep++) { // the first warms the JIT and Spark up
            LstmForecaster est = new LstmForecaster().setIdCol("id").setTimeCol("t")
                .setTargetCol("y").setCovariateCols("x").setWindow(WINDOW).setHorizon(1)
                .setHidden(hidden).setEpochs(1).setBatchSize(BATCH).setSeed(1)
                .setPartitions(partitions).setTrainingMode(mode).setLocalSteps(8);
            Map<String, Double> cost = est.fit(df).trainingCost();
            if (rep == 1) {
              double syncs = cost.get("syncs");
              double ms = cost.get("sync_ms") / syncs;
              System.out.printf(Locale.ROOT,
                  "%-8s %5d %6d %7d %6.0f %8.2f %8.1f %16.2f %17.2f %14.2f%n", mode, partitions,
                  hidden, params, syncs, ms, 1000 / ms, cost.get("compute_ms") / syncs,
                  (cost.get("sync_ms") - cost.get("compute_ms")) / syncs, oneStep);
            }
          }
        }
      }
    }
    df.unpersist();
  }
}
