package org.lstmlab.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lstmlab.core.loss.Mse;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.SequenceModel;

class TruncatedBpttTest {

  static final int B = 2;
  static final int T = 12;
  static final int K = 4;

  static SequenceModel model(CellType cell) {
    return SequenceModel.builder(cell, 1, 5).outputs(SequenceModel.Outputs.ALL).seed(9).build();
  }

  static float[] random(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextDouble(-1, 1);
    }
    return a;
  }

  @ParameterizedTest
  @EnumSource(CellType.class)
  void oneChunk_equalsFullBptt(CellType cell) {
    float[] x = random(B * T, 1);
    float[] y = random(B * T, 2);
    SequenceModel m = model(cell);
    List<float[]> grads = new ArrayList<>();
    new TruncatedBptt(m, T).run(x, y, B, T, new Mse(), (p, i, l) -> grads.add(p.grad().clone()));

    SequenceModel full = model(cell);
    float[] pred = full.forward(x, B, T, null, null, true);
    float[] d = new float[pred.length];
    new Mse().gradient(pred, y, d);
    full.backward(d);
    assertThat(grads).hasSize(1);
    assertThat(grads.get(0)).containsExactly(full.parameters().grad());
  }

  @ParameterizedTest
  @EnumSource(CellType.class)
  void chunks_carryTheState_butCutTheGradient(CellType cell) {
    float[] x = random(B * T, 3);
    float[] y = random(B * T, 4);
    SequenceModel m = model(cell);
    List<float[]> grads = new ArrayList<>();
    new TruncatedBptt(m, K).run(x, y, B, T, new Mse(), (p, i, l) -> grads.add(p.grad().clone()));
    assertThat(grads).hasSize(T / K);

    // Reference for chunk 2: the state after steps [0, K), then forward and backward on [K, 2K)
    // from that state, holding it constant.
    SequenceModel ref = model(cell);
    ref.forward(TruncatedBptt.slice(x, B, T, 1, 0, K), B, K, null, null, true);
    float[] h = ref.finalHidden();
    float[] c = cell.hasCellState() ? ref.finalCell() : null;
    ref.parameters().zeroGrad();
    float[] pred = ref.forward(TruncatedBptt.slice(x, B, T, 1, K, K), B, K, h, c, true);
    float[] d = new float[pred.length];
    new Mse().gradient(pred, TruncatedBptt.slice(y, B, T, 1, K, K), d);
    ref.backward(d);
    assertThat(grads.get(1)).containsExactly(ref.parameters().grad());

    // Full BPTT of the same chunk loss also reaches back into steps [0, K) through the state,
    // so its gradient differs: the cut is real.
    SequenceModel full = model(cell);
    float[] twoChunks = TruncatedBptt.slice(x, B, T, 1, 0, 2 * K);
    float[] p2 = full.forward(twoChunks, B, 2 * K, null, null, true);
    float[] d2 = new float[p2.length];
    float[] y2 = TruncatedBptt.slice(y, B, T, 1, K, K);
    float[] chunkPred = TruncatedBptt.slice(p2, B, 2 * K, 1, K, K);
    float[] chunkGrad = new float[chunkPred.length];
    new Mse().gradient(chunkPred, y2, chunkGrad);
    for (int b = 0; b < B; b++) {
      System.arraycopy(chunkGrad, b * K, d2, b * 2 * K + K, K);
    }
    full.backward(d2);
    assertThat(grads.get(1)).isNotEqualTo(full.parameters().grad());
  }

  @ParameterizedTest
  @EnumSource(CellType.class)
  void lastStepModel_isRejected(CellType cell) {
    SequenceModel last = SequenceModel.builder(cell, 1, 3).build();
    assertThatThrownBy(() -> new TruncatedBptt(last, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outputs ALL");
  }
}
