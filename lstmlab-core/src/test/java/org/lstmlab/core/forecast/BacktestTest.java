package org.lstmlab.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lstmlab.core.train.TrainerConfig;

/** Rolling-origin folds and the intervals from past errors. */
class BacktestTest {

  private static TimeSeries series(int n) {
    double[] y = new double[n];
    List<String> t = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      y[i] = 10 + 0.1 * i + 2 * Math.sin(2 * Math.PI * i / 6) + 0.2 * Math.cos(1.7 * i);
      t.add(Integer.toString(1900 + i));
    }
    return TimeSeries.of("", t, y);
  }

  private static Forecaster quick() {
    return new Forecaster(ForecastConfig.builder().hidden(8).season(6).window(12)
        .training(TrainerConfig.builder().epochs(15).batchSize(16).patience(3).seed(1).build())
        .build());
  }

  @Test
  void run_cutsEachFoldAtTheRightPlace_andScoresBaselinesByHand() {
    SeriesDataset data = new SeriesDataset("y", List.of(), List.of(), java.util.Optional.of("t"),
        java.util.Optional.empty(), List.of(series(120)));
    Backtest.Config c = new Backtest.Config(3, 4, 5, Backtest.Window.EXPANDING, 0, false);
    List<Integer> heard = new ArrayList<>();
    Backtest.Result r = Backtest.run(quick(), data, c, (i, k, f) -> heard.add(i), null);
    assertThat(heard).containsExactly(1, 2, 3);
    // Cuts at 120 − 4 − 2·5 = 106, 111, 116: the first forecast steps are 2006, 2011, 2016.
    assertThat(r.folds()).extracting(Backtest.Fold::cut).containsExactly("2006", "2011", "2016");
    assertThat(r.folds().get(0).training()).isNotNull();
    assertThat(r.folds().get(1).training()).isNull(); // reused, not refitted
    double[] y = series(120).target();
    double sq = 0;
    for (int cut : new int[] {106, 111, 116}) {
      for (int k = 0; k < 4; k++) {
        sq += Math.pow(y[cut + k] - y[cut - 1], 2);
      }
    }
    Map<String, Evaluation.Score> agg = r.aggregate();
    assertThat(agg.get("naive").metrics().mse()).isCloseTo(sq / 12, within(1e-4));
    assertThat(agg.get("seasonal_naive").metrics().mse())
        .isLessThan(agg.get("naive").metrics().mse());
    assertThat(agg.keySet()).containsExactly("model", "naive", "seasonal_naive", "drift", "mean");
    double[][] q = r.errorQuantiles(0.8);
    assertThat(q).hasNumberOfRows(4);
    assertThat(q[0][0]).isLessThanOrEqualTo(q[0][1]);
  }

  @Test
  void run_tooManyFolds_namesTheFold() {
    SeriesDataset data = new SeriesDataset("y", List.of(), List.of(), java.util.Optional.empty(),
        java.util.Optional.empty(), List.of(series(30)));
    Backtest.Config c = new Backtest.Config(20, 4, 5, Backtest.Window.EXPANDING, 0, true);
    assertThatThrownBy(() -> Backtest.run(quick(), data, c, null, null))
        .hasMessageContaining("fold 1 cuts the 30 values at -69");
  }

  @Test
  void quantile_asNumpysLinearDefault() {
    double[] v = {1, 2, 3, 4, 10};
    // numpy.quantile([1,2,3,4,10], [0.1, 0.5, 0.9]) = 1.4, 3.0, 7.6
    assertThat(Intervals.quantile(v, 0.1)).isCloseTo(1.4, within(1e-12));
    assertThat(Intervals.quantile(v, 0.5)).isCloseTo(3.0, within(1e-12));
    assertThat(Intervals.quantile(v, 0.9)).isCloseTo(7.6, within(1e-12));
  }

  @Test
  void intervals_containTheForecast_andWidenWithTheStep() {
    TimeSeries s = series(150);
    SeriesDataset data = new SeriesDataset("y", List.of(), List.of(), java.util.Optional.of("t"),
        java.util.Optional.empty(), List.of(s));
    FittedForecaster f = quick().fit(data).forecaster();
    Forecast fc = Intervals.of(f, s, f.forecast(s, 6), 0.8);
    assertThat(fc.coverage()).isEqualTo(0.8);
    for (int k = 0; k < 6; k++) {
      assertThat(fc.upper()[k]).isGreaterThan(fc.lower()[k]);
    }
    // Step 1 by hand: the one-step errors from every origin after the training part.
    double[] y = s.target();
    List<Double> e = new ArrayList<>();
    for (int cut = f.state("").trainEnd(); cut < 150; cut++) {
      e.add(y[cut] - f.forecast(s.slice(0, cut), 1).values()[0]);
    }
    double[] sorted = e.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    assertThat(sorted).hasSize(30);
    assertThat(fc.lower()[0] - fc.values()[0])
        .isCloseTo(Intervals.quantile(sorted, 0.1), within(1e-9));
    assertThat(fc.upper()[0] - fc.values()[0])
        .isCloseTo(Intervals.quantile(sorted, 0.9), within(1e-9));
  }
}
