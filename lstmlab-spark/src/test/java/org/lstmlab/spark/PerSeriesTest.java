package org.lstmlab.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lstmlab.core.forecast.Evaluation;
import org.lstmlab.core.forecast.ForecastConfig;
import org.lstmlab.core.forecast.Forecaster;
import org.lstmlab.core.forecast.TimeSeries;
import org.lstmlab.core.forecast.WindowPredictions;
import org.lstmlab.core.train.TrainerConfig;

/** Per-series mode against the library trained on each series alone. */
class PerSeriesTest {

  static final List<TimeSeries> SERIES = List.of(SparkTests.series("a", 90),
      SparkTests.series("b", 70), SparkTests.series("c", 80));
  static LstmForecaster estimator;
  static LstmForecastModel model;

  static LstmForecaster estimator() {
    return new LstmForecaster().setIdCol("id").setTimeCol("t").setTargetCol("y")
        .setCovariateCols("x").setWindow(6).setHorizon(2).setHidden(5).setEpochs(4)
        .setBatchSize(8).setPatience(2).setSeed(7);
  }

  /** The library's configuration the estimator above stands for. */
  static ForecastConfig config() {
    return ForecastConfig.builder().window(6).horizon(2).hidden(5)
        .training(ForecastConfig.defaultTraining().toBuilder().epochs(4).batchSize(8)
            .patience(2).seed(7).build()).build();
  }

  @BeforeAll
  static void fit() {
    estimator = estimator();
    model = estimator.fit(SparkTests.frame(SERIES));
  }

  @Test
  void fit_perSeries_equalsTheLibraryOnEachSeriesAlone_bitForBit() {
    assertThat(model.seriesIds()).containsExactly("a", "b", "c");
    for (TimeSeries s : SERIES) {
      Forecaster.Fit alone = new Forecaster(config()).fit(SparkTests.dataset(List.of(s), true));
      assertThat(model.forecaster(s.id()).model().parameters().data())
          .containsExactly(alone.forecaster().model().parameters().data());
      assertThat(model.forecaster(s.id()).states().get(0).scaler().toMap())
          .isEqualTo(alone.forecaster().states().get(0).scaler().toMap());
    }
  }

  @Test
  void transform_addsTheLibrarysForecastOnTheLastRow_andOneStepPredictions() {
    Dataset<Row> out = model.transform(SparkTests.frame(SERIES));
    assertThat(out.columns()).containsExactly("id", "t", "y", "x", "prediction", "forecast");
    Map<String, List<Row>> bySeries = out.collectAsList().stream()
        .collect(Collectors.groupingBy(r -> r.getString(0)));
    for (TimeSeries s : SERIES) {
      Forecaster.Fit alone = new Forecaster(config()).fit(SparkTests.dataset(List.of(s), true));
      List<Row> rows = bySeries.get(s.id());
      rows.sort((a, b) -> Integer.compare(a.getInt(1), b.getInt(1)));
      assertThat(rows).hasSize(s.length());
      Row last = rows.get(rows.size() - 1);
      List<Double> forecast = last.getList(5);
      double[] expected = alone.forecaster().forecast(s, 2).values();
      assertThat(forecast).containsExactly(expected[0], expected[1]);
      assertThat(rows.get(rows.size() - 2).isNullAt(5)).isTrue();
      WindowPredictions wp = alone.forecaster().predictions(s);
      for (int w = 0; w < wp.count(); w++) {
        assertThat(rows.get(wp.first() + w + 1).getDouble(4)).isEqualTo(wp.predicted()[w * 2]);
      }
      assertThat(rows.get(wp.first()).isNullAt(4)).isTrue(); // no full window before it
    }
  }

  @Test
  void forecast_oneRowPerSeries_theLibrarysForecastAfterTheLastTime() {
    Dataset<Row> out = model.forecast(SparkTests.frame(SERIES));
    assertThat(out.columns()).containsExactly("id", "t", "forecast");
    List<Row> rows = out.orderBy("id").collectAsList();
    assertThat(rows).extracting(r -> r.getString(0)).containsExactly("a", "b", "c");
    for (int k = 0; k < SERIES.size(); k++) {
      TimeSeries s = SERIES.get(k);
      Forecaster.Fit alone = new Forecaster(config()).fit(SparkTests.dataset(List.of(s), true));
      double[] expected = alone.forecaster().forecast(s, 2).values();
      assertThat(rows.get(k).getInt(1)).isEqualTo(s.length() - 1);
      assertThat(rows.get(k).<Double>getList(2)).containsExactly(expected[0], expected[1]);
    }
  }

  @Test
  void summary_scoresEachSeries_asTheLibrarysEvaluation() {
    List<Row> rows = model.summary().orderBy("id").collectAsList();
    assertThat(rows).extracting(r -> r.getString(0)).containsExactly("a", "b", "c");
    TimeSeries b = SERIES.get(1);
    Forecaster.Fit alone = new Forecaster(config()).fit(SparkTests.dataset(List.of(b), true));
    Evaluation e = Evaluation.of(alone.forecaster(), List.of(alone.forecaster().predictions(b)),
        WindowPredictions.Part.TEST);
    Row r = rows.get(1);
    assertThat(r.<Integer>getAs("rows")).isEqualTo(70);
    assertThat(r.<Integer>getAs("epochs")).isEqualTo(alone.result().epochs());
    assertThat(r.<Integer>getAs("test_windows")).isEqualTo(e.windows());
    assertThat(r.<Double>getAs("model_mse")).isEqualTo(e.model().metrics().mse());
    assertThat(r.<Double>getAs("naive_mae")).isEqualTo(e.scores().get("naive").metrics().mae());
    assertThat(r.<Double>getAs("seasonal_naive_mase"))
        .isCloseTo(e.scores().get("seasonal_naive").mase(), within(0.0));
    assertThat(r.<Double>getAs("mean_mse")).isEqualTo(e.scores().get("mean").metrics().mse());
  }

  @Test
  void config_ofTheDefaults_isTheLibrarysDefault() {
    TrainerConfig lib = ForecastConfig.defaultTraining();
    TrainerConfig spark = new LstmForecaster().toConfig().training();
    assertThat(spark.toMap()).isEqualTo(lib.toMap());
    ForecastConfig c = new LstmForecaster().toConfig();
    assertThat(c.hidden()).isEqualTo(ForecastConfig.DEFAULT_HIDDEN);
    assertThat(c.window()).isEqualTo(ForecastConfig.DEFAULT_WINDOW);
  }
}
