package org.lstmlab.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lstmlab.core.data.Scaler;
import org.lstmlab.core.train.TrainerConfig;

/** The pipeline end to end on small synthetic series. */
class ForecasterTest {

  /** A trending monthly series with a season of 12 and noise. */
  private static TimeSeries seasonal(String id, int n, double level, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] y = new double[n];
    List<String> times = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      y[t] = level + 0.2 * t + 3 * Math.sin(2 * Math.PI * t / 12) + 0.3 * r.nextGaussian();
      times.add(String.format("%d-%02d", 2000 + t / 12, t % 12 + 1));
    }
    return TimeSeries.of(id, times, y);
  }

  private static ForecastConfig quick(int horizon) {
    return ForecastConfig.builder().horizon(horizon).hidden(16)
        .training(ForecastConfig.defaultTraining().toBuilder().epochs(60).build()).build();
  }

  @Test
  void fit_twoSeries_scalesEachOnItsTrainingPart_andBeatsTheBaselines() {
    SeriesDataset data = new SeriesDataset("y", List.of(), List.of(), Optional.of("month"),
        Optional.of("store"), List.of(seasonal("a", 180, 10, 1), seasonal("b", 150, 500, 2)));
    Forecaster.Fit fit = new Forecaster(quick(3)).fit(data);
    FittedForecaster f = fit.forecaster();
    assertThat(f.spec().season()).isEqualTo(12);
    assertThat(f.spec().window()).isEqualTo(24);
    assertThat(f.states()).extracting(SeriesState::id).containsExactly("a", "b");
    // Series b's scaler is fitted on its own 120 training rows: its mean is near 500 + 0.2·60.
    Scaler.Standard b = (Scaler.Standard) f.state("b").scaler();
    assertThat(b.mean()[0]).isBetween(505.0, 520.0);
    assertThat(f.state("b").trainEnd()).isEqualTo(120);

    Evaluation test = Evaluation.of(f, f.predictions(data), WindowPredictions.Part.TEST);
    assertThat(test.windows()).isEqualTo((18 - 2) + (15 - 2)); // targets in each test part
    assertThat(test.perStep()).hasSize(3);
    assertThat(test.model().metrics().mse())
        .isLessThan(test.scores().get("naive").metrics().mse())
        .isLessThan(test.scores().get("seasonal_naive").metrics().mse());
    assertThat(test.modelBeatsBaselines()).isTrue();

    // Per step ahead, the naive forecast's MSE by hand: window w of a series forecasts rows o+1 …
    // o+3 from row o = first + w, all as y[o].
    double[] sum = new double[3];
    int count = 0;
    for (WindowPredictions wp : f.predictions(data)) {
      double[] y = wp.series().target();
      for (int w = wp.range(WindowPredictions.Part.TEST).from();
          w < wp.range(WindowPredictions.Part.TEST).to(); w++) {
        int o = wp.first() + w;
        for (int k = 1; k <= 3; k++) {
          double e = (float) y[o + k] - (float) y[o]; // the metrics work in float, as the models
          sum[k - 1] += e * e;
        }
        count++;
      }
    }
    for (int k = 0; k < 3; k++) {
      assertThat(test.perStep("naive").get(k).mse()).isCloseTo(sum[k] / count, within(1e-3 * sum[k] / count));
    }
    assertThat(test.perStep(Evaluation.MODEL)).isEqualTo(test.perStep());
    assertThatThrownBy(() -> test.perStep("arima")).hasMessageContaining("no forecasts named 'arima'");
  }

  @Test
  void forecast_continuesTheTimeAxis_recursivelyPastTheHorizon_reproducibly() {
    SeriesDataset data = new SeriesDataset("y", List.of(), List.of(), Optional.of("month"),
        Optional.empty(), List.of(seasonal("", 160, 10, 3)));
    FittedForecaster f = new Forecaster(quick(2)).fit(data).forecaster();
    Forecast fc = f.forecast(data.series().get(0), 5);
    assertThat(fc.times()).containsExactly("2013-05", "2013-06", "2013-07", "2013-08", "2013-09");
    // The trend carries on: about 10 + 0.2·160 = 42 plus the season's ±3.
    for (double v : fc.values()) {
      assertThat(v).isBetween(36.0, 48.0);
    }
    FittedForecaster again = new Forecaster(quick(2)).fit(data).forecaster();
    assertThat(again.forecast(data.series().get(0), 5).values()).containsExactly(fc.values());
    // The first two steps are the model's direct forecast from the last window.
    assertThat(f.forecast(data.series().get(0), 2).values())
        .containsExactly(java.util.Arrays.copyOf(fc.values(), 2));
    // From FREEZE_BLOCKS blocks on, the forecast runs on a frozen copy of the model: its first
    // blocks are, bit for bit, the live model's forecast of one block fewer.
    int h = 2;
    double[] live = f.forecast(data.series().get(0), (FittedForecaster.FREEZE_BLOCKS - 1) * h)
        .values();
    double[] frozen = f.forecast(data.series().get(0), FittedForecaster.FREEZE_BLOCKS * h)
        .values();
    assertThat(java.util.Arrays.copyOf(frozen, live.length)).containsExactly(live);
  }

  @Test
  void forecast_withPastCovariates_stopsAtTheHorizon() {
    TimeSeries s = seasonal("", 120, 10, 4);
    double[] x = s.target();
    TimeSeries withX = new TimeSeries("", s.times(), s.target(), x, 1, new double[0], 0);
    SeriesDataset data = new SeriesDataset("y", List.of("x"), List.of(), Optional.empty(),
        Optional.empty(), List.of(withX));
    ForecastConfig c = quick(2).toBuilder()
        .training(TrainerConfig.builder().epochs(2).build()).build();
    FittedForecaster f = new Forecaster(c).fit(data).forecaster();
    assertThat(f.forecast(withX, 2).values()).hasSize(2);
    assertThatThrownBy(() -> f.forecast(withX, 3))
        .hasMessageContaining("past covariates [x], whose values after the last row are unknown:"
            + " it forecasts at most 2 steps");
  }

  @Test
  void fit_seriesTooShort_namesTheSeries() {
    SeriesDataset data = new SeriesDataset("y", List.of(), List.of(), Optional.empty(),
        Optional.of("id"), List.of(seasonal("long", 200, 1, 1), seasonal("tiny", 12, 1, 1)));
    assertThatThrownBy(() -> new Forecaster(quick(1).toBuilder().window(12).build()).fit(data))
        .hasMessageStartingWith("series 'tiny': ");
  }

  @Test
  void baselines_byHand() {
    // y = 0..9, season 4, origin 5 (value 5), h = 3.
    double[] y = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    WindowPredictions wp = new WindowPredictions(TimeSeries.of("", List.of(), y), 5, 3,
        new double[3], new double[3], null);
    assertThat(wp.baseline(WindowPredictions.Baseline.NAIVE, 4, 0)).containsExactly(5, 5, 5);
    assertThat(wp.baseline(WindowPredictions.Baseline.SEASONAL_NAIVE, 4, 0))
        .containsExactly(2, 3, 4); // y[6-4], y[7-4], y[8-4]
    assertThat(wp.baseline(WindowPredictions.Baseline.DRIFT, 4, 0)).containsExactly(6, 7, 8);
    assertThat(wp.baseline(WindowPredictions.Baseline.MEAN, 4, 2.5)).containsExactly(2.5, 2.5, 2.5);
    // MASE's scale: mean |y_t − y_{t−4}| over the first 8 points = 4.
    assertThat(SeriesState.trainStats(y, 8, 4)).containsExactly(3.5, 4.0);
    // One step ahead from origins 4, 5, 6: the fitted values a report draws.
    double[] sq = {0, 1, 4, 9, 16, 25, 36, 49};
    assertThat(WindowPredictions.Baseline.NAIVE.oneStep(sq, 4, 3, 1, 0))
        .containsExactly(16, 25, 36);
    assertThat(WindowPredictions.Baseline.SEASONAL_NAIVE.oneStep(sq, 4, 3, 3, 0))
        .containsExactly(4, 9, 16); // y[5-3], y[6-3], y[7-3]
    assertThat(WindowPredictions.Baseline.DRIFT.oneStep(sq, 4, 3, 1, 0))
        .containsExactly(20, 30, 42); // y[o] + (y[o] − y[0]) / o
  }
}
