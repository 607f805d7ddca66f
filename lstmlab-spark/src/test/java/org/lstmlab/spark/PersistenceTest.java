package org.lstmlab.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlab.core.forecast.Forecaster;
import org.lstmlab.core.forecast.TimeSeries;
import org.lstmlab.io.ForecasterFile;
import org.lstmlab.io.RunRecord;

/** Pipelines, saving and loading, and the library's model files in both directions. */
class PersistenceTest {

  static final List<TimeSeries> SERIES = List.of(SparkTests.series("p", 60),
      SparkTests.series("q", 64));

  @TempDir Path dir;

  static LstmForecaster estimator() {
    return PerSeriesTest.estimator().setEpochs(2);
  }

  /** Each series' last-row forecast, by id. */
  static java.util.Map<String, List<Double>> forecasts(Dataset<Row> out) {
    java.util.Map<String, List<Double>> m = new java.util.TreeMap<>();
    for (Row r : out.filter(out.col("forecast").isNotNull()).collectAsList()) {
      m.put(r.getString(0), new ArrayList<>(r.<Double>getList(5)));
    }
    return m;
  }

  @Test
  void pipeline_fitSaveLoad_transformsTheSame_andTheCliReadsTheSavedFiles() throws Exception {
    Dataset<Row> df = SparkTests.frame(SERIES);
    PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {estimator()}).fit(df);
    String path = dir.resolve("pipeline").toString();
    fitted.write().overwrite().save(path);
    PipelineModel back = PipelineModel.load(path);
    assertThat(forecasts(back.transform(df))).isEqualTo(forecasts(fitted.transform(df)))
        .hasSize(2);

    LstmForecastModel m = (LstmForecastModel) fitted.stages()[0];
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir.resolve("pipeline"))) {
      files = s.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList();
    }
    assertThat(files).hasSize(2);
    for (Path f : files) { // what `lstmlab predict --model` and ForecasterFile.load read
      ForecasterFile.Loaded l = ForecasterFile.load(f);
      String id = l.forecaster().states().get(0).id();
      TimeSeries s = SERIES.stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
      assertThat(l.forecaster().forecast(s, 2).values())
          .containsExactly(m.forecaster(id).forecast(s, 2).values());
      assertThat(l.record().training()).containsEntry("batch_size", "8");
    }
  }

  @Test
  void fromFiles_ofModelsTheLibrarySaved_forecastsInSpark_asTheLibraryDoes() throws Exception {
    List<Path> files = new ArrayList<>();
    java.util.Map<String, List<Double>> expected = new java.util.TreeMap<>();
    for (TimeSeries s : SERIES) {
      Forecaster.Fit fit = new Forecaster(PerSeriesTest.config())
          .fit(SparkTests.dataset(List.of(s), true));
      Path f = dir.resolve(s.id() + ".safetensors");
      ForecasterFile.save(f, fit.forecaster(), RunRecord.of(fit, Optional.empty(),
          Optional.empty()));
      files.add(f);
      List<Double> v = new ArrayList<>();
      for (double d : fit.forecaster().forecast(s, 2).values()) {
        v.add(d);
      }
      expected.put(s.id(), v);
    }
    LstmForecastModel m = LstmForecastModel.fromFiles("fromCli", files);
    m.set(m.idCol(), "id");
    m.set(m.timeCol(), "t");
    m.set(m.targetCol(), "y");
    m.set(m.covariateCols(), new String[] {"x"});
    assertThat(forecasts(m.transform(SparkTests.frame(SERIES)))).isEqualTo(expected);
  }

  @Test
  void estimator_saveLoad_keepsItsParams() throws Exception {
    LstmForecaster e = estimator().setCell("gru").setLr(0.003);
    String path = dir.resolve("est").toString();
    e.save(path);
    LstmForecaster back = LstmForecaster.load(path);
    assertThat(back.uid()).isEqualTo(e.uid());
    assertThat(back.toConfig().training().toMap()).isEqualTo(e.toConfig().training().toMap());
    assertThat(back.toConfig().cell()).isEqualTo(e.toConfig().cell());
    assertThat(back.getCovariateCols()).containsExactly("x");
    assertThat(back.getTimeCol()).isEqualTo("t");
  }
}
