package org.lstmlab.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.lstmlab.core.forecast.Forecaster;
import org.lstmlab.core.forecast.TimeSeries;

/** The synchronous mode against the library trained in one process on the same batches. */
class SyncTrainingTest {

  // Listed out of id order: the global order is by id, in Spark and in the reference.
  static final List<TimeSeries> SERIES = List.of(SparkTests.series("s3", 70),
      SparkTests.series("s1", 80), SparkTests.series("s4", 64), SparkTests.series("s2", 75));

  @Test
  void fit_sync_equalsSingleProcessTraining_withinFloatRounding() {
    LstmForecastModel model = PerSeriesTest.estimator().setTrainingMode("sync").setEpochs(3)
        .fit(SparkTests.frame(SERIES));
    List<TimeSeries> byId = SERIES.stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
    Forecaster.Fit one = new Forecaster(PerSeriesTest.config().toBuilder()
        .training(PerSeriesTest.config().training().toBuilder().epochs(3).build()).build())
        .fit(SparkTests.dataset(byId, true));

    assertThat(model.isGlobal()).isTrue();
    float[] spark = model.forecaster("s1").model().parameters().data();
    float[] lib = one.forecaster().model().parameters().data();
    assertThat(spark).hasSameSizeAs(lib);
    double worst = 0;
    for (int i = 0; i < lib.length; i++) {
      worst = Math.max(worst, Math.abs(spark[i] - lib[i]));
    }
    assertThat(worst).isLessThan(1e-5);
    assertThat(lib).isNotEqualTo(new Forecaster(PerSeriesTest.config()).newModel(
        one.forecaster().spec()).parameters().data()); // it trained
    assertThat(model.forecaster("s1").states()).usingRecursiveFieldByFieldElementComparator()
        .isEqualTo(one.forecaster().states());

    List<Row> summary = model.summary().orderBy("id").collectAsList();
    assertThat(summary).extracting(r -> r.getString(0)).containsExactly("s1", "s2", "s3", "s4");
    assertThat(summary.get(0).<Integer>getAs("epochs")).isEqualTo(one.result().epochs());
    // 3 epochs of ceil(windows / 8) steps and 3 validation passes, each one Spark job
    assertThat(model.trainingCost().get("syncs")).isGreaterThan(3 * 8.0);
    assertThat(model.trainingCost().get("sync_ms"))
        .isGreaterThan(model.trainingCost().get("compute_ms"));

    double[] expected = one.forecaster().forecast(byId.get(1), 2).values();
    List<Row> last = model.transform(SparkTests.frame(SERIES)).filter("forecast is not null")
        .filter("id = 's2'").collectAsList();
    assertThat(last.get(0).<Double>getList(5).get(0)).isCloseTo(expected[0], within(1e-3));
  }

  /**
   * Three partitions, so the tree of sums differs from one partition's: run after run the same
   * bits (the order of additions is fixed by partition index, not by which task ends first), and
   * within float rounding of one partition.
   */
  @Test
  void fit_syncThreePartitions_identicalRunToRun_closeToOnePartition() {
    LstmForecaster est = PerSeriesTest.estimator().setTrainingMode("sync").setEpochs(2)
        .setPatience(0).setPartitions(3);
    org.apache.spark.sql.Dataset<Row> df = SparkTests.frame(SERIES);
    float[] a = est.fit(df).forecaster("s1").model().parameters().data();
    float[] b = est.fit(df).forecaster("s1").model().parameters().data();
    float[] one = est.copy(org.apache.spark.ml.param.ParamMap.empty()).setPartitions(1).fit(df)
        .forecaster("s1").model().parameters().data();
    assertThat(a).containsExactly(b);
    for (int i = 0; i < a.length; i++) {
      assertThat(a[i]).isCloseTo(one[i], within(1e-5f));
    }
  }

  /**
   * A sync run stopped after 7 steps (checkpoint at 6) and fitted again with the same directory
   * resumes at step 7 and ends with the weights of the run that was not stopped, bit for bit.
   */
  @Test
  void fit_syncResumedFromACheckpoint_endsWithTheUninterruptedWeights(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
    org.apache.spark.sql.Dataset<Row> df = SparkTests.frame(SERIES);
    LstmForecaster est = PerSeriesTest.estimator().setTrainingMode("sync").setEpochs(3)
        .setPartitions(2);
    float[] whole = est.fit(df).forecaster("s1").model().parameters().data();

    String dir = tmp.resolve("ckpt").toString();
    LstmForecaster interrupted = est.copy(org.apache.spark.ml.param.ParamMap.empty())
        .setCheckpointDir(dir).setCheckpointInterval(3);
    Checkpoints.failAfterSyncs = 7;
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> interrupted.fit(df))
          .hasMessage("simulated failure after 7 syncs");
    } finally {
      Checkpoints.failAfterSyncs = 0;
    }
    assertThat(AveragingTest.names(dir)).containsExactly("checkpoint-00000006");

    float[] resumed = interrupted.fit(df).forecaster("s1").model().parameters().data();
    assertThat(resumed).containsExactly(whole);
    assertThat(AveragingTest.names(dir)).isEmpty();
  }
}
