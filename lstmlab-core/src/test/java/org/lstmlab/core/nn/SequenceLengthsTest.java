package org.lstmlab.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rows of different lengths in one batch, against the rows run on their own: a row of T_b real
 * steps in a batch padded to T must give exactly what the same row cut to T_b steps gives alone
 * (outputs, final states, gradients), with outputs 0 at its padded steps, whatever the padding
 * holds. The reference is the engine's own full-length path, which {@link PyTorchParityTest}
 * ties to PyTorch.
 */
class SequenceLengthsTest {

  private static final int I = 2;
  private static final int H = 3;
  private static final int T = 6;
  private static final int[] LENGTHS = {4, 6, 1, 3};

  static Stream<Arguments> models() {
    return Stream.of(CellType.values()).flatMap(cell ->
        Stream.of(Arguments.of(cell, false), Arguments.of(cell, true)));
  }

  @ParameterizedTest(name = "{0} bidirectional={1}")
  @MethodSource("models")
  void paddedRow_givesTheRowAlone(CellType cell, boolean bidirectional) {
    int batch = LENGTHS.length;
    int dirs = bidirectional ? 2 : 1;
    SequenceModel padded = model(cell, bidirectional);
    SequenceModel alone = model(cell, bidirectional);
    SplittableRandom rng = new SplittableRandom(11);
    float[] x = new float[batch * T * I];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble(-1, 1);
    }
    float[] dHidden = new float[batch * T * dirs * H];
    for (int i = 0; i < dHidden.length; i++) {
      dHidden[i] = (float) rng.nextDouble(-1, 1);
    }
    float[] dPred = {0.5f, -1f, 0.25f, 2f};
    padded.parameters().zeroGrad();
    float[] pred = padded.forward(SequenceBatch.of(x, batch, T, I).withLengths(LENGTHS),
        Mode.INFERENCE);
    float[] out = padded.hiddenStates();
    float[] hn = padded.finalHidden();
    float[] dx = padded.backward(dPred, dHidden, null, null);
    alone.parameters().zeroGrad();
    int w = dirs * H;
    for (int b = 0; b < batch; b++) {
      int len = LENGTHS[b];
      float[] row = Arrays.copyOfRange(x, b * T * I, (b * T + len) * I);
      float[] p1 = alone.forward(SequenceBatch.of(row, 1, len, I), Mode.INFERENCE);
      assertThat(pred[b]).as("pred of row %d", b).isEqualTo(p1[0]);
      float[] o1 = alone.hiddenStates();
      for (int t = 0; t < T; t++) {
        for (int j = 0; j < w; j++) {
          float expected = t < len ? o1[t * w + j] : 0f;
          assertThat(out[(b * T + t) * w + j]).as("out[%d][%d][%d]", b, t, j).isEqualTo(expected);
        }
      }
      float[] h1 = alone.finalHidden();
      for (int p = 0; p < h1.length / H; p++) {
        for (int j = 0; j < H; j++) {
          assertThat(hn[(p * batch + b) * H + j]).as("hn[%d][%d][%d]", p, b, j)
              .isEqualTo(h1[p * H + j]);
        }
      }
      float[] dx1 = alone.backward(new float[] {dPred[b]},
          Arrays.copyOfRange(dHidden, b * T * w, (b * T + len) * w), null, null);
      for (int i = 0; i < T * I; i++) {
        float expected = i < len * I ? dx1[i] : 0f;
        assertThat(dx[b * T * I + i]).as("dx[%d] flat %d", b, i)
            .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6f));
      }
    }
    // The rows' parameter gradients add up to the batch's (up to float summation order).
    float[] batchGrad = padded.parameters().grad();
    float[] rowsGrad = alone.parameters().grad();
    for (int i = 0; i < batchGrad.length; i++) {
      assertThat(batchGrad[i]).as("gradient %d", i)
          .isCloseTo(rowsGrad[i], org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  @Test
  void paddingValues_changeNothing() {
    SequenceModel m = model(CellType.LSTM, true);
    float[] x = new float[2 * T * I];
    Arrays.fill(x, 0.3f);
    float[] a = m.predict(SequenceBatch.of(x, 2, T, I).withLengths(new int[] {2, 5}));
    float[] outA = m.hiddenStates();
    for (int t = 2; t < T; t++) {
      x[t * I] = 1e3f; // row 0's padding
    }
    x[(T + 5) * I + 1] = -7f; // row 1's padding
    float[] b = m.predict(SequenceBatch.of(x, 2, T, I).withLengths(new int[] {2, 5}));
    assertThat(b).containsExactly(a);
    assertThat(m.hiddenStates()).containsExactly(outA);
  }

  @Test
  void withLengths_outOfRange_namesTheRow() {
    SequenceBatch x = SequenceBatch.of(new float[2 * T * I], 2, T, I);
    assertThatThrownBy(() -> x.withLengths(new int[] {3, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lengths[1] is 0; expected a length in [1, T=6]");
    assertThatThrownBy(() -> x.withLengths(new int[] {7, 2}))
        .hasMessage("lengths[0] is 7; expected a length in [1, T=6]");
    assertThatThrownBy(() -> x.withLengths(new int[] {3}))
        .hasMessage("lengths has 1 values; expected one per sequence, B=2");
  }

  @Test
  void timeStep_bidirectional_isRefused() {
    SequenceModel m = model(CellType.GRU, true);
    assertThatThrownBy(() -> m.timeStep(new float[I], 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unidirectional");
  }

  @Test
  void bidirectional_namesParametersAsPyTorch() {
    SequenceModel m = SequenceModel.builder(CellType.LSTM, I, H).layers(2).bidirectional(true)
        .build();
    assertThat(m.parameters().tensors()).extracting(Parameters.Tensor::name).containsExactly(
        "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
        "rnn.weight_ih_l0_reverse", "rnn.weight_hh_l0_reverse", "rnn.bias_ih_l0_reverse",
        "rnn.bias_hh_l0_reverse",
        "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1",
        "rnn.weight_ih_l1_reverse", "rnn.weight_hh_l1_reverse", "rnn.bias_ih_l1_reverse",
        "rnn.bias_hh_l1_reverse", "head.weight", "head.bias");
    assertThat(m.parameters().tensor("rnn.weight_ih_l1").shape()).containsExactly(4 * H, 2 * H);
    assertThat(m.parameters().tensor("head.weight").shape()).containsExactly(1, 2 * H);
  }

  private static SequenceModel model(CellType cell, boolean bidirectional) {
    return SequenceModel.builder(cell, I, H).layers(2).bidirectional(bidirectional).seed(4)
        .build();
  }
}
