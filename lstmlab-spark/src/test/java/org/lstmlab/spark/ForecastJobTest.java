package org.lstmlab.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spark-submit entry point: CSV in, model, summary and forecasts out; bad arguments. */
class ForecastJobTest {

  @TempDir Path dir;

  @Test
  void run_csvIn_writesTheModelsForecasts() {
    String csv = dir.resolve("in.csv").toString();
    SparkTests.frame(List.of(SparkTests.series("u", 50), SparkTests.series("v", 55)))
        .coalesce(1).write().option("header", "true").csv(csv);
    String out = dir.resolve("out").toString();
    LstmForecastModel model = ForecastJob.run(SparkTests.spark(), new String[] {
        "input=" + csv, "output=" + out, "idCol=id", "timeCol=t", "targetCol=y",
        "covariateCols=x", "window=6", "horizon=2", "hidden=4", "epochs=1", "seed=3"});
    List<Row> f = SparkTests.spark().read().parquet(out + "/forecasts").orderBy("id")
        .collectAsList();
    assertThat(f).extracting(r -> r.getString(0)).containsExactly("u", "v");
    assertThat(f.get(0).getInt(1)).isEqualTo(49); // the last time of series u
    double expected = model.forecaster("u").forecast(SparkTests.series("u", 50), 2).values()[0];
    assertThat(f.get(0).<Double>getList(2).get(0)).isCloseTo(expected,
        org.assertj.core.api.Assertions.within(1e-6));
    assertThat(LstmForecastModel.load(out + "/model").seriesIds()).containsExactly("u", "v");
    assertThat(SparkTests.spark().read().parquet(out + "/summary").count()).isEqualTo(2);
  }

  @Test
  void run_badArgument_namesIt() {
    assertThatThrownBy(() -> ForecastJob.run(SparkTests.spark(), new String[] {"input=a.csv",
        "output=o", "hiddenSize=8"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("argument 'hiddenSize' is not a Param of LstmForecaster;");
    assertThatThrownBy(() -> ForecastJob.run(SparkTests.spark(), new String[] {"input=a.csv",
        "output=o", "window=big"}))
        .hasMessage("argument window=big: 'big' is not a number");
    assertThatThrownBy(() -> ForecastJob.run(SparkTests.spark(), new String[] {"a.csv"}))
        .hasMessageStartingWith("argument 'a.csv' is not name=value");
  }

  @Test
  void run_missingInput_oneLineNamingIt() {
    String missing = dir.resolve("no-such.csv").toString();

    assertThatThrownBy(() -> ForecastJob.run(SparkTests.spark(), new String[] {
        "input=" + missing, "output=" + dir.resolve("out"), "idCol=id", "timeCol=t",
        "targetCol=y"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("input=" + missing + ": ")
        .hasMessageContaining("does not exist")
        .message().doesNotContain("\n");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void run_existingOutput_replacedWholeOnSuccessKeptOnFailure() throws Exception {
    String csv = dir.resolve("in.csv").toString();
    SparkTests.frame(List.of(SparkTests.series("u", 40))).coalesce(1).write()
        .option("header", "true").csv(csv);
    Path out = dir.resolve("out");
    java.nio.file.Files.createDirectories(out);
    java.nio.file.Files.writeString(out.resolve("keep.txt"), "earlier run");

    assertThatThrownBy(() -> ForecastJob.run(SparkTests.spark(), new String[] {
        "input=" + csv, "output=" + out, "idCol=id", "timeCol=t", "targetCol=y",
        "window=60", "horizon=2", "hidden=4", "epochs=1"}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(out.resolve("keep.txt")).hasContent("earlier run");

    ForecastJob.run(SparkTests.spark(), new String[] {"input=" + csv, "output=" + out,
        "idCol=id", "timeCol=t", "targetCol=y", "covariateCols=x", "window=6", "horizon=2",
        "hidden=4", "epochs=1", "seed=3"});
    assertThat(out.resolve("keep.txt")).doesNotExist();
    assertThat(out.resolve("model")).isDirectory();
    assertThat(SparkTests.spark().read().parquet(out + "/forecasts").count()).isEqualTo(1);
    try (var siblings = java.nio.file.Files.list(dir)) {
      assertThat(siblings.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("in.csv", "out");
    }
  }
}
