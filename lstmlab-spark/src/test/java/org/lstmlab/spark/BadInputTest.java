package org.lstmlab.spark;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/** Bad columns, Params and series: one line naming what and where. */
class BadInputTest {

  static final Dataset<Row> DF = SparkTests.frame(List.of(SparkTests.series("ok", 60),
      SparkTests.series("short", 9)));

  @Test
  void fit_missingColumn_namesTheColumnAndParam() {
    assertThatThrownBy(() -> PerSeriesTest.estimator().setTargetCol("sales").fit(DF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("column 'sales' (targetCol) is not in the DataFrame");
  }

  @Test
  void fit_stringTarget_namesTheColumnAndType() {
    Dataset<Row> df = DF.withColumn("y", functions.col("y").cast("string"));
    assertThatThrownBy(() -> PerSeriesTest.estimator().fit(df))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("column 'y' (targetCol) is string; it must be numeric");
  }

  @Test
  void fit_badParam_namesTheParam() {
    assertThatThrownBy(() -> PerSeriesTest.estimator().setTrainingMode("async").fit(DF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Param trainingMode must be 'per_series', 'sync' or 'average', got"
            + " 'async'");
    assertThatThrownBy(() -> PerSeriesTest.estimator().setHorizon(0).fit(DF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a Param is out of range: horizon");
  }

  @Test
  void fit_seriesShorterThanTheWindow_namesTheSeries() {
    assertThatThrownBy(() -> PerSeriesTest.estimator().fit(DF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("series 'short': ")
        .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void fit_nullTarget_namesTheSeriesRowAndColumn() {
    Dataset<Row> df = DF.filter("id = 'ok'").withColumn("y",
        functions.when(functions.col("t").equalTo(30), functions.lit(null))
            .otherwise(functions.col("y")));
    assertThatThrownBy(() -> PerSeriesTest.estimator().fit(df))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("series 'ok': row 31 (30): column 'y' is not a finite number");
  }

  @Test
  void fit_stringCovariate_namesTheColumnAndParam() {
    Dataset<Row> df = DF.withColumn("x", functions.col("x").cast("string"));
    assertThatThrownBy(() -> PerSeriesTest.estimator().fit(df))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("column 'x' (covariateCols) is string; it must be numeric");
  }

  @Test
  void fit_averagingParamsOutOfRange_nameTheParam() {
    assertThatThrownBy(() -> PerSeriesTest.estimator().setTrainingMode("average")
        .setLocalSteps(0).fit(DF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("Param localSteps must be >= 1, got 0");
    assertThatThrownBy(() -> PerSeriesTest.estimator().setTrainingMode("per_series")
        .setCheckpointDir("/tmp/nowhere").fit(DF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("Param checkpointDir works with trainingMode 'sync' or 'average'"
            + " (one global model), got trainingMode 'per_series'");
  }

  /** A model of series 'ok' alone, for the transform errors. */
  static LstmForecastModel okModel() {
    return PerSeriesTest.estimator().setEpochs(1).fit(DF.filter("id = 'ok'"));
  }

  @Test
  void transform_badSeries_namesTheSeries() {
    LstmForecastModel model = okModel();
    Dataset<Row> other = SparkTests.frame(List.of(SparkTests.series("ok", 60),
        SparkTests.series("new", 30)));
    assertThatThrownBy(() -> model.transform(other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("series ['new'] have no model: it was fitted on 1 series; drop them or fit"
            + " on them");
    assertThatThrownBy(() -> model.transform(DF.filter("id = 'ok' and t < 5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("series 'ok' has 5 rows; the model needs at least 6 (its window) to"
            + " forecast");
    Dataset<Row> nulls = DF.filter("id = 'ok'").withColumn("y", functions.when(
        functions.col("t").equalTo(3), functions.lit(null)).otherwise(functions.col("y")));
    assertThatThrownBy(() -> model.transform(nulls))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("series 'ok': column 'y' holds 1 null value(s); fill or drop them before"
            + " transform");
  }

  @Test
  void transform_covariatesOtherThanTheModels_namesTheParam() {
    LstmForecastModel model = okModel();
    org.apache.spark.ml.param.ParamMap none = org.apache.spark.ml.param.ParamMap.empty();
    none.put(model.covariateCols(), new String[0]);
    assertThatThrownBy(() -> model.copy(none).transform(DF.filter("id = 'ok'")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Param covariateCols names []; the model reads 1 past covariates [x]: set"
            + " covariateCols to 1 columns");
  }

  @Test
  void load_unknownSavedParam_namesTheParam(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
      throws Exception {
    String dir = tmp.resolve("est").toString();
    PerSeriesTest.estimator().save(dir);
    java.nio.file.Path meta = tmp.resolve("est/metadata/part-00000");
    java.nio.file.Files.writeString(meta, java.nio.file.Files.readString(meta)
        .replace("\"paramMap\":{", "\"paramMap\":{\"hiddenSize\":8,"));
    java.nio.file.Files.deleteIfExists(tmp.resolve("est/metadata/.part-00000.crc"));
    assertThatThrownBy(() -> LstmForecaster.load(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(dir + ": the saved Param 'hiddenSize' is not a Param of LstmForecaster"
            + " (saved by another version?); remove it from metadata/part-00000 or save the"
            + " stage again");
  }
}
