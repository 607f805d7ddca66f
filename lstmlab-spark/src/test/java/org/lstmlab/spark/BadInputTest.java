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
        .hasMessageContaining("Param trainingMode must be 'per_series' or 'sync', got 'async'");
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
}
