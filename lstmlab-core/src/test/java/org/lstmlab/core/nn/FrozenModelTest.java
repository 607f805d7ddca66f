package org.lstmlab.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lstmlab.core.kernel.Kernels;
import org.lstmlab.core.train.Predictor;

/**
 * SequenceModel.freeze: a copy that predicts what its source predicted when frozen, bit for bit,
 * on one thread (each step whole) and on two (small steps in parts, Recurrent.stepPart), and keeps
 * predicting it after the source's weights change, where a live model's packed W_hhᵀ would be
 * packed again. The reference is the source's own predict, before and after the change.
 */
class FrozenModelTest {

  @ParameterizedTest
  @CsvSource({
    "LSTM, 1, 10, 1, 100, 1, false, 1", "LSTM, 1, 10, 1, 100, 1, false, 2",
    "LSTM, 4, 7, 3, 64, 2, true, 2", "GRU, 2, 9, 2, 48, 1, false, 2",
    "RNN_TANH, 1, 10, 1, 100, 1, false, 1", "RNN_TANH, 3, 6, 2, 70, 2, false, 2",
    "LSTM, 64, 20, 8, 128, 1, false, 2"
  })
  void frozen_predictsAsTheSourceDidWhenFrozen(CellType cell, int batch, int steps, int in,
      int hidden, int layers, boolean bidirectional, int threads) {
    int before = Kernels.matMul().threads();
    try {
      Kernels.setThreads(threads);
      SequenceModel live = SequenceModel.builder(cell, in, hidden).layers(layers)
          .bidirectional(bidirectional).outputSize(2).seed(5).build();
      SequenceBatch x = batch(new SplittableRandom(9), batch, steps, in);
      float[] expected = live.predict(x);
      FrozenModel frozen = live.freeze();
      assertThat(frozen.predict(x)).as("first call").isEqualTo(expected);
      assertThat(frozen.predict(x)).as("second call, W_hhᵀ kept").isEqualTo(expected);

      // Every weight of the source moves; the frozen copy neither sees it nor notices it.
      float[] w = live.parameters().data();
      for (int i = 0; i < w.length; i++) {
        w[i] *= 0.5f;
      }
      float[] moved = live.predict(x);
      assertThat(moved).as("the source after the change").isNotEqualTo(expected);
      assertThat(frozen.predict(x)).as("frozen after the source changed").isEqualTo(expected);
      assertThat(live.freeze().predict(x)).as("frozen again").isEqualTo(moved);
    } finally {
      Kernels.setThreads(before);
    }
  }

  @Test
  void frozen_keepsTheSourcesShapeAndTokens() {
    SequenceModel live = SequenceModel.builder(CellType.GRU, 6, 20).embedding(30, 6, 0)
        .outputSize(3).seed(2).build();
    FrozenModel frozen = live.freeze();
    assertThat(frozen.inputSize()).isEqualTo(6);
    assertThat(frozen.outputSize()).isEqualTo(3);
    assertThat(frozen.tokenInput()).isTrue();
    assertThat(frozen.config().hidden()).isEqualTo(20);
    SequenceBatch ids = SequenceBatch.ofTokens(new int[] {1, 4, 29, 0, 7, 7}, 2, 3);
    assertThat(frozen.predict(ids)).isEqualTo(live.predict(ids));
    assertThatThrownBy(() -> frozen.predict(SequenceBatch.of(new float[12], 2, 1, 6)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token ids");
  }

  @Test
  void predictor_forecastsFromAFrozenModelAsFromItsSource() {
    int before = Kernels.matMul().threads();
    try {
      Kernels.setThreads(2);
      SequenceModel live = SequenceModel.builder(CellType.LSTM, 1, 100).seed(3).build();
      float[] series = new float[40];
      for (int i = 0; i < series.length; i++) {
        series[i] = (float) Math.sin(0.3 * i);
      }
      float[] expected = new Predictor(live).forecast(series, 10, 25);
      assertThat(new Predictor(live.freeze()).forecast(series, 10, 25)).isEqualTo(expected);
      assertThatThrownBy(() -> new Predictor((FrozenModel) null))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("model must not be null");
      assertThatThrownBy(() -> new Predictor((SequenceModel) null))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("model must not be null");
    } finally {
      Kernels.setThreads(before);
    }
  }

  private static SequenceBatch batch(SplittableRandom rng, int batch, int steps, int in) {
    float[] x = new float[batch * steps * in];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble(-2, 2);
    }
    return SequenceBatch.of(x, batch, steps, in);
  }
}
