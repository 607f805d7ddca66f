package org.lstmlab.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lstmlab.core.data.Scaler;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.train.Trainer;
import org.lstmlab.core.train.TrainerConfig;

/**
 * {@link FittedForecaster#windows} and {@link Forecaster#untrained}: the model's inputs and targets
 * per part, by hand, and fit trains on exactly them.
 */
class ModelWindowsTest {

  static final int N = 50;

  static double[] series() {
    double[] y = new double[N];
    for (int t = 0; t < N; t++) {
      y[t] = 20 + 0.5 * t + 3 * Math.sin(0.7 * t);
    }
    return y;
  }

  static ForecastConfig config(int window, boolean relative, String scaler, int epochs) {
    return ForecastConfig.builder().window(window).horizon(1).transform(TargetTransform.NONE)
        .relative(relative).season(1).scaler(scaler).hidden(5).split(0.2, 0.2)
        .training(TrainerConfig.builder().epochs(epochs).batchSize(4).lr(0.01).seed(3).build())
        .build();
  }

  static SeriesDataset data() {
    return SeriesDataset.of("y", Optional.empty(), List.of(), series());
  }

  /**
   * Standard scaling by hand: mean and population std of the 30 training points (50 − 10 − 10);
   * the test windows' targets are the last 10 points, their origins 39 … 48.
   */
  @Test
  void windows_testPart_standardScaler_byHand() {
    double[] y = series();
    double mean = 0;
    for (int t = 0; t < 30; t++) {
      mean += y[t];
    }
    mean /= 30;
    double var = 0;
    for (int t = 0; t < 30; t++) {
      var += (y[t] - mean) * (y[t] - mean);
    }
    double std = Math.sqrt(var / 30);
    int w = 6;
    FittedForecaster f = new Forecaster(config(w, false, Scaler.STANDARD, 1))
        .untrained(data(), null);
    ModelWindows test = f.windows(data().series().get(0), WindowPredictions.Part.TEST);
    assertThat(test.count()).isEqualTo(10);
    assertThat(test.firstOrigin()).isEqualTo(39);
    assertThat(test.steps()).isEqualTo(w);
    assertThat(test.inputs()).isEqualTo(1);
    for (int n = 0; n < test.count(); n++) {
      int o = 39 + n;
      for (int j = 0; j < w; j++) {
        assertThat((double) test.x()[n * w + j]).as("window %d step %d", n, j)
            .isCloseTo((y[o - w + 1 + j] - mean) / std, within(1e-5));
      }
      assertThat((double) test.y()[n]).isCloseTo((y[o + 1] - mean) / std, within(1e-5));
      assertThat(test.base()[n]).isZero();
    }
    assertThat(test.window(2)).containsExactly(
        java.util.Arrays.copyOfRange(test.x(), 2 * w, 3 * w));
  }

  /** Relative windows: inputs and target less the origin's value; raw, no scaler. */
  @Test
  void windows_relative_subtractTheOriginsValue() {
    double[] y = series();
    int w = 4;
    FittedForecaster f = new Forecaster(config(w, true, Scaler.NONE, 1)).untrained(data(), null);
    ModelWindows train = f.windows(data().series().get(0), WindowPredictions.Part.TRAIN);
    assertThat(train.firstOrigin()).isEqualTo(w - 1);
    assertThat(train.count()).isEqualTo(30 - w); // targets w … 29
    for (int n = 0; n < train.count(); n++) {
      int o = w - 1 + n;
      assertThat((double) train.base()[n]).isCloseTo(y[o], within(1e-5));
      for (int j = 0; j < w; j++) {
        assertThat((double) train.x()[n * w + j])
            .isCloseTo(y[o - w + 1 + j] - y[o], within(1e-4));
      }
      assertThat((double) train.y()[n]).isCloseTo(y[o + 1] - y[o], within(1e-4));
    }
  }

  /** One step ahead, the three parts tile every window, in order. */
  @ParameterizedTest
  @CsvSource({"3, standard", "8, minmax"})
  void windows_partsTileAll(int w, String scaler) {
    FittedForecaster f = new Forecaster(config(w, false, scaler, 1)).untrained(data(), null);
    TimeSeries s = data().series().get(0);
    ModelWindows all = f.windows(s, WindowPredictions.Part.ALL);
    assertThat(all.count()).isEqualTo(N - w);
    float[] x = new float[0];
    float[] y = new float[0];
    int origin = all.firstOrigin();
    for (WindowPredictions.Part p : List.of(WindowPredictions.Part.TRAIN,
        WindowPredictions.Part.VALIDATION, WindowPredictions.Part.TEST)) {
      ModelWindows part = f.windows(s, p);
      assertThat(part.firstOrigin()).isEqualTo(origin);
      origin += part.count();
      x = concat(x, part.x());
      y = concat(y, part.y());
    }
    assertThat(x).containsExactly(all.x());
    assertThat(y).containsExactly(all.y());
  }

  /**
   * fit = untrained + the Trainer on the training and validation windows: the same parameters,
   * bit for bit, as training the untrained model on {@code windows} by hand.
   */
  @Test
  void fit_trainsTheUntrainedModelOnTheseWindows() {
    ForecastConfig c = config(5, false, Scaler.STANDARD, 3);
    SequenceModel start = SequenceModel.builder(CellType.GRU, 1, 5).seed(77).build();
    c = c.toBuilder().cell(CellType.GRU).build();
    Forecaster forecaster = new Forecaster(c);
    FittedForecaster byHand = forecaster.untrained(data(), start);
    assertThat(byHand.model().parameters().data()).containsExactly(start.parameters().data());
    TimeSeries s = data().series().get(0);
    ModelWindows tr = byHand.windows(s, WindowPredictions.Part.TRAIN);
    ModelWindows va = byHand.windows(s, WindowPredictions.Part.VALIDATION);
    new Trainer(byHand.model(), c.training()).fit(
        SequenceBatch.of(tr.x(), tr.count(), tr.steps(), tr.inputs()), tr.y(),
        va.count() == 0 ? null : SequenceBatch.of(va.x(), va.count(), va.steps(), va.inputs()),
        va.count() == 0 ? null : va.y(), null, null);

    Forecaster.Fit fit = forecaster.fit(data(), null, null, start);
    assertThat(fit.forecaster().model().parameters().data())
        .containsExactly(byHand.model().parameters().data())
        .isNotEqualTo(start.parameters().data());
  }

  /** The notebook's configuration: raw windows of 10, the last 20% held out as validation. */
  @Test
  void notebook_rawWindows_lastFifthHeldOut_modelSeeds() {
    SeriesDataset d = NotebookForecast.data(100, 0.5, NotebookForecast.SEED);
    ForecastConfig c = NotebookForecast.pipeline(NotebookForecast.training().build()).build();
    FittedForecaster f = new Forecaster(c).untrained(d, NotebookForecast.startModel(c, 42));
    TimeSeries s = d.series().get(0);
    ModelWindows held = f.windows(s, WindowPredictions.Part.VALIDATION);
    assertThat(held.count()).isEqualTo(20);
    assertThat(held.firstOrigin()).isEqualTo(79);
    assertThat(f.windows(s, WindowPredictions.Part.TEST).count()).isZero();
    double[] raw = s.target();
    for (int j = 0; j < 10; j++) {
      assertThat(held.x()[j]).isEqualTo((float) raw[70 + j]);
    }
    assertThat(held.y()[0]).isEqualTo((float) raw[80]);
    SequenceModel lstm = SequenceModel.builder(CellType.LSTM, 1, 100).seed(43).build();
    assertThat(f.model().parameters().data()).containsExactly(lstm.parameters().data());
    assertThat(NotebookForecast.modelSeed(CellType.RNN_TANH, 42)).isEqualTo(44);
  }

  private static float[] concat(float[] a, float[] b) {
    float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
