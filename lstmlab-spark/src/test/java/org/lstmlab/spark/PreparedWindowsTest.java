package org.lstmlab.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.lstmlab.core.forecast.FittedForecaster;
import org.lstmlab.core.forecast.ForecastConfig;
import org.lstmlab.core.forecast.Forecaster;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.train.Trainer;

/** array<float> prepared windows: the library's Trainer on the same windows, and forecasts. */
class PreparedWindowsTest {

  static final int N = 120;
  static final int T = 5;
  static final int I = 2;
  static final int H = 2;
  static final StructType SCHEMA = new StructType()
      .add("w", DataTypes.createArrayType(DataTypes.FloatType, false), true)
      .add("target", DataTypes.createArrayType(DataTypes.FloatType, false), true);

  /** N windows (N, T, I) of a noisy sine and a covariate; labels (N, H) continue the sine. */
  static float[][] windows() {
    SplittableRandom rng = new SplittableRandom(11);
    float[] x = new float[N * T * I];
    float[] y = new float[N * H];
    for (int n = 0; n < N; n++) {
      double phase = rng.nextDouble() * 6.28;
      for (int t = 0; t < T; t++) {
        x[(n * T + t) * I] = (float) Math.sin(phase + 0.5 * t);
        x[(n * T + t) * I + 1] = (float) (0.1 * rng.nextGaussian());
      }
      for (int k = 0; k < H; k++) {
        y[n * H + k] = (float) Math.sin(phase + 0.5 * (T + k));
      }
    }
    return new float[][] {x, y};
  }

  static Dataset<Row> frame(float[] x, float[] y) {
    List<Row> rows = new ArrayList<>();
    for (int n = 0; n < N; n++) {
      rows.add(RowFactory.create(java.util.Arrays.copyOfRange(x, n * T * I, (n + 1) * T * I),
          java.util.Arrays.copyOfRange(y, n * H, (n + 1) * H)));
    }
    return SparkTests.spark().createDataFrame(rows, SCHEMA);
  }

  static LstmForecaster estimator() {
    return new LstmForecaster().setWindowsCol("w").setLabelCol("target").setWindow(T)
        .setHorizon(H).setHidden(4).setEpochs(3).setBatchSize(16).setPatience(0).setSeed(5)
        .setTrainingMode("sync").setPartitions(1);
  }

  @Test
  void fit_preparedWindows_equalsTheTrainerOnTheSameWindows_andForecastsThem() {
    float[][] xy = windows();
    Dataset<Row> df = frame(xy[0], xy[1]);
    LstmForecastModel model = estimator().fit(df);

    FittedForecaster f = model.forecaster("any");
    assertThat(f.spec().inputs()).isEqualTo(I);
    assertThat(f.spec().scaler()).isEqualTo("none");
    ForecastConfig c = estimator().toConfig();
    SequenceModel ref = new Forecaster(c).newModel(f.spec());
    new Trainer(ref, c.training()).fit(SequenceBatch.of(xy[0], N, T, I), xy[1]);
    float[] spark = f.model().parameters().data();
    float[] lib = ref.parameters().data();
    for (int i = 0; i < lib.length; i++) {
      assertThat(spark[i]).isCloseTo(lib[i], within(1e-5f));
    }

    List<Row> out = model.transform(df).collectAsList();
    assertThat(out).hasSize(N);
    float[] pred = f.model().predict(SequenceBatch.of(xy[0], N, T, I));
    for (int n = 0; n < N; n += 17) {
      List<Double> p = out.get(n).getList(2);
      assertThat(p.get(1)).isCloseTo(pred[n * H + 1], within(1e-6));
    }
  }

  @Test
  void fit_badWindows_nameTheColumnAndRow() {
    float[][] xy = windows();
    Dataset<Row> df = frame(xy[0], xy[1]);
    assertThatThrownBy(() -> estimator().setWindow(3).fit(df))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column 'w' (windowsCol): the first window has 10 values, not a multiple of"
            + " window 3 (T·I values, T steps of I inputs)");
    assertThatThrownBy(() -> estimator().setHorizon(3).fit(df))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("row 1 of partition 0: column 'target' (labelCol) has 2 values; expected 3");
    assertThatThrownBy(() -> estimator().setTrainingMode("per_series").fit(df))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("Param windowsCol (prepared windows) trains one global model: set"
            + " trainingMode 'sync' or 'average'");
    assertThatThrownBy(() -> estimator().setPatience(3).fit(df))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Param patience 3 needs validation windows");
    assertThatThrownBy(() -> estimator().fit(df.withColumn("w",
        org.apache.spark.sql.functions.lit("x"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column 'w' (windowsCol) is string; it must be array<float>");
  }
}
