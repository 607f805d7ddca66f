package org.lstmlab.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Dropout acts between layers in training only, with PyTorch's inverted scaling. */
class DropoutTest {

  private static float[] ramp(int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) Math.sin(i);
    }
    return x;
  }

  @Test
  void inference_ignoresDropout() {
    SequenceModel with = SequenceModel.builder(CellType.LSTM, 1, 16).layers(2).dropout(0.5).seed(3).build();
    SequenceModel without = SequenceModel.builder(CellType.LSTM, 1, 16).layers(2).seed(3).build();
    float[] x = ramp(20);
    assertThat(with.predict(SequenceBatch.of(x, 2, 10, 1))).containsExactly(without.predict(SequenceBatch.of(x, 2, 10, 1)));
  }

  @Test
  void training_drawsNewMasks_reproduciblyFromTheSeed() {
    SequenceModel m = SequenceModel.builder(CellType.GRU, 1, 16).layers(2).dropout(0.5).seed(3).build();
    float[] x = ramp(20);
    float[] first = m.forward(SequenceBatch.of(x, 2, 10, 1), Mode.TRAINING);
    float[] second = m.forward(SequenceBatch.of(x, 2, 10, 1), Mode.TRAINING);
    assertThat(first).isNotEqualTo(second);
    m.setDropoutSeed(5);
    float[] a = m.forward(SequenceBatch.of(x, 2, 10, 1), Mode.TRAINING);
    m.setDropoutSeed(5);
    assertThat(m.forward(SequenceBatch.of(x, 2, 10, 1), Mode.TRAINING)).containsExactly(a);
  }

  @Test
  void training_zeroesAboutPOfTheInputs_andScalesTheRest() {
    int batch = 50;
    int steps = 40;
    int hidden = 20;
    Recurrent r = Recurrent.create(new Recurrent.Config(CellType.RNN_TANH, 1, hidden, 2, 0.3, false), 1);
    float[] x = ramp(batch * steps);
    r.forward(SequenceBatch.of(x, batch, steps, 1), Mode.INFERENCE);
    float[] hidden0 = r.gateActivations(0); // layer 0's h for the tanh RNN, (B, T, H)
    r.forward(SequenceBatch.of(x, batch, steps, 1), Mode.TRAINING);
    // Layer 1's input is layer 0's output times the mask; recover the mask from the cache.
    float[] in1 = r.cacheInput(1); // (B, T, H)
    int zeros = 0;
    for (int i = 0; i < in1.length; i++) {
      if (in1[i] == 0f && hidden0[i] != 0f) {
        zeros++;
      } else if (hidden0[i] != 0f) {
        assertThat((double) in1[i]).isCloseTo(hidden0[i] / 0.7, within(1e-5));
      }
    }
    double rate = zeros / (double) in1.length;
    // 40 000 Bernoulli(0.3) draws: standard deviation 0.0023.
    assertThat(rate).isCloseTo(0.3, within(0.015));
  }
}
