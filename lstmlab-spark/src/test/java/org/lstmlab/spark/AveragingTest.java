package org.lstmlab.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlab.core.forecast.ForecastConfig;
import org.lstmlab.core.forecast.Forecaster;
import org.lstmlab.core.forecast.TimeSeries;

/** The averaging mode: one partition against the library, two partitions' fit and replay. */
class AveragingTest {

  /** Eight series, listed out of id order. */
  static final List<TimeSeries> MANY = many();

  private static List<TimeSeries> many() {
    List<TimeSeries> s = new ArrayList<>();
    for (int i = 7; i >= 0; i--) {
      s.add(SparkTests.series("m" + i, 72 + 3 * i));
    }
    return List.copyOf(s);
  }

  static LstmForecaster averaging() {
    return PerSeriesTest.estimator().setTrainingMode("average").setPatience(0);
  }

  @Test
  void fit_averageOnePartition_equalsSingleProcessTrainingBitForBit() {
    LstmForecastModel model = averaging().setPartitions(1).setLocalSteps(3).setEpochs(3)
        .fit(SparkTests.frame(SyncTrainingTest.SERIES));
    List<TimeSeries> byId = SyncTrainingTest.SERIES.stream()
        .sorted((a, b) -> a.id().compareTo(b.id())).toList();
    ForecastConfig c = PerSeriesTest.config().toBuilder().training(PerSeriesTest.config()
        .training().toBuilder().epochs(3).patience(0).build()).build();
    Forecaster.Fit one = new Forecaster(c).fit(SparkTests.dataset(byId, true));

    float[] lib = one.forecaster().model().parameters().data();
    assertThat(model.forecaster("s1").model().parameters().data()).containsExactly(lib);
    assertThat(lib).isNotEqualTo(new Forecaster(c).newModel(one.forecaster().spec())
        .parameters().data()); // it trained
    List<Row> summary = model.summary().orderBy("id").collectAsList();
    assertThat(summary.get(0).<Integer>getAs("epochs")).isEqualTo(3);
  }

  @Test
  void fit_averageTwoPartitions_beatsTheBaselinesAndReplaysBitForBit() {
    Dataset<Row> df = SparkTests.frame(MANY);
    LstmForecaster est = averaging().setPartitions(2).setLocalSteps(4).setEpochs(12)
        .setLr(0.01);
    LstmForecastModel a = est.fit(df);
    LstmForecastModel b = est.fit(df);

    assertThat(a.forecaster("m0").model().parameters().data())
        .containsExactly(b.forecaster("m0").model().parameters().data());
    Row mean = a.summary().selectExpr("avg(model_mse)", "avg(naive_mse)", "avg(mean_mse)")
        .first();
    assertThat(mean.getDouble(0)).isLessThan(mean.getDouble(1)).isLessThan(mean.getDouble(2));
    // 12 epochs of rounds plus 12 validation passes; each round is K = 4 steps per partition.
    assertThat(a.trainingCost().get("syncs")).isBetween(12 * 2.0, 12 * 20.0);
  }

  @Test
  void fit_resumedFromACheckpoint_endsWithTheUninterruptedWeights(@TempDir Path tmp) {
    Dataset<Row> df = SparkTests.frame(SyncTrainingTest.SERIES);
    LstmForecaster est = averaging().setPartitions(2).setLocalSteps(2).setEpochs(4)
        .setPatience(2);
    float[] whole = est.fit(df).forecaster("s1").model().parameters().data();

    String dir = tmp.resolve("ckpt").toString();
    LstmForecaster interrupted = est.copy(org.apache.spark.ml.param.ParamMap.empty())
        .setCheckpointDir(dir).setCheckpointInterval(2);
    Checkpoints.failAfterSyncs = 5;
    try {
      assertThatThrownBy(() -> interrupted.fit(df)).hasMessage("simulated failure after 5"
          + " syncs");
    } finally {
      Checkpoints.failAfterSyncs = 0;
    }
    assertThat(names(dir)).containsExactly("checkpoint-00000004");

    assertThatThrownBy(() -> interrupted.copy(org.apache.spark.ml.param.ParamMap.empty())
        .setHidden(6).fit(df))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("was written with Param hidden = 5, this fit has 6; use the same"
            + " Params to resume, or another checkpointDir");

    float[] resumed = interrupted.fit(df).forecaster("s1").model().parameters().data();
    assertThat(resumed).containsExactly(whole);
    assertThat(names(dir)).isEmpty();
  }

  @Test
  void checkpoint_writtenThroughATemporaryFile_leavesNoPartialFile(@TempDir Path tmp) {
    String dir = tmp.resolve("ckpt").toString();
    Checkpoints.failAfterSyncs = 3;
    try {
      assertThatThrownBy(() -> averaging().setPartitions(2).setLocalSteps(2).setEpochs(4)
          .setCheckpointDir(dir).setCheckpointInterval(1).fit(SparkTests.frame(
              SyncTrainingTest.SERIES))).hasMessageContaining("simulated failure");
    } finally {
      Checkpoints.failAfterSyncs = 0;
    }
    assertThat(names(dir)).containsExactly("checkpoint-00000003");
  }

  /** The files in {@code dir} but Hadoop's hidden checksum files. */
  static List<String> names(String dir) {
    return java.util.Arrays.stream(new File(dir).list()).filter(n -> !n.startsWith("."))
        .sorted().toList();
  }
}
