package org.lstmlab.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.Parameters;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;

/** Batched prediction and recursive forecasting, on models with hand-set weights. */
class PredictorTest {

  /**
   * A one-unit ReLU RNN whose output is linear in its inputs while they are positive:
   * h_t = relu(x_t + w·h_{t−1}), prediction = a·h_T + b. With all inputs positive, h_T =
   * Σ_t w^(T−1−t) x_t, an exponentially weighted sum of the window.
   */
  static SequenceModel linearRnn(float w, float[] a, float[] b) {
    SequenceModel m =
        SequenceModel.builder(CellType.RNN_RELU, 1, 1).outputSize(a.length).seed(5).build();
    Parameters p = m.parameters();
    p.set("rnn.weight_ih_l0", new float[] {1});
    p.set("rnn.weight_hh_l0", new float[] {w});
    p.set("rnn.bias_ih_l0", new float[] {0});
    p.set("rnn.bias_hh_l0", new float[] {0});
    p.set("head.weight", a);
    p.set("head.bias", b);
    return m;
  }

  @Test
  void forecast_linearRnn_followsTheRecursionByHand() {
    // w = 0.5, a = 0.25, b = 0.5, window 3, the series ends 1, 2, 4:
    //   [1, 2, 4]          h = 0.25·1 + 0.5·2 + 4         = 5.25      → 0.25·5.25 + 0.5     = 1.8125
    //   [2, 4, 1.8125]     h = 0.5 + 2 + 1.8125           = 4.3125    → 1.578125
    //   [4, 1.8125, 1.578125] h = 1 + 0.90625 + 1.578125  = 3.484375  → 1.37109375
    //   [1.8125, 1.578125, 1.37109375] h = 0.453125 + 0.7890625 + 1.37109375 = 2.61328125
    //                                                                  → 1.1533203125
    // Every number is a short binary fraction, so float holds them exactly.
    SequenceModel m = linearRnn(0.5f, new float[] {0.25f}, new float[] {0.5f});
    float[] f = new Predictor(m).forecast(new float[] {9, 9, 1, 2, 4}, 3, 4);
    assertThat(f).containsExactly(1.8125f, 1.578125f, 1.37109375f, 1.1533203125f);
  }

  @Test
  void forecast_horizonTwo_feedsWholeBlocksAndCutsTheLast() {
    // w = 0: the prediction reads only the last input x_T: block = (x_T + 1, 2·x_T).
    // From 3: (4, 6); from 6: (7, 12); from 12: (13, 24), cut to 5 values.
    SequenceModel m = linearRnn(0f, new float[] {1, 2}, new float[] {1, 0});
    float[] f = new Predictor(m).forecast(new float[] {5, 3}, 2, 5);
    assertThat(f).containsExactly(4, 6, 7, 12, 13);
  }

  @Test
  void forecast_multivariateModel_refusesWithReason() {
    SequenceModel m = SequenceModel.builder(CellType.LSTM, 2, 4).build();
    assertThatThrownBy(() -> new Predictor(m).forecast(new float[10], 3, 2))
        .hasMessageStartingWith("recursive forecasting feeds predictions back as inputs and needs"
            + " a univariate model (I = 1), got I = 2");
  }

  @Test
  void forecast_badArguments_explain() {
    Predictor p = new Predictor(linearRnn(0f, new float[] {1}, new float[] {0}));
    assertThatThrownBy(() -> p.forecast(new float[] {1, 2}, 3, 1))
        .hasMessage("window must be in [1, 2] (the series' length), got 3");
    assertThatThrownBy(() -> p.forecast(new float[] {1, 2}, 2, 0))
        .hasMessage("count must be > 0, got 0");
    SequenceModel all = SequenceModel.builder(CellType.GRU, 1, 2)
        .outputs(SequenceModel.Outputs.ALL).build();
    assertThatThrownBy(() -> new Predictor(all))
        .hasMessage("the predictor needs a many-to-one model (outputs LAST), got outputs ALL");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 20, 256})
  void predict_anyBatchSize_bitIdenticalToOneForward(int batchSize) {
    SequenceModel m = SequenceModel.builder(CellType.LSTM, 2, 6).layers(2).dropout(0.5)
        .outputSize(3).seed(9).build();
    int n = 20;
    int steps = 5;
    float[] x = new float[n * steps * 2];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(0.7 * i);
    }
    float[] whole = m.predict(SequenceBatch.of(x, n, steps, 2));
    float[] batched = new Predictor(m).predict(SequenceBatch.of(x, n, steps, 2), batchSize);
    assertThat(batched).hasSize(n * 3).isEqualTo(whole);
  }

  @Test
  void predict_linearRnn_weightedSumOfEachWindow() {
    SequenceModel m = linearRnn(0.5f, new float[] {1}, new float[] {0});
    // Windows (N=2, T=2): h = 0.5·x_0 + x_1.
    assertThat(new Predictor(m).predict(SequenceBatch.of(new float[] {2, 3, 4, 8}, 2, 2, 1))).containsExactly(4, 10);
  }
}
