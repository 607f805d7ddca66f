package org.lstmlab.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lstmlab.core.data.Split;
import org.lstmlab.core.data.Windows;

/** The shape-carrying input: its layout, its checks, and that it changes no number. */
class SequenceBatchTest {

  @ParameterizedTest
  @EnumSource(CellType.class)
  void forward_viaBatch_bitIdenticalToFlatPath(CellType cell) {
    int in = 3;
    int hidden = 5;
    int layers = 2;
    int batch = 4;
    int steps = 7;
    SplittableRandom rng = new SplittableRandom(11);
    float[] x = random(rng, batch * steps * in);
    float[] h0 = random(rng, layers * batch * hidden);
    float[] c0 = cell.hasCellState() ? random(rng, layers * batch * hidden) : null;
    SequenceModel a = model(cell, in, hidden, layers);
    SequenceModel b = model(cell, in, hidden, layers);
    SequenceBatch input = SequenceBatch.of(x, batch, steps, in).withInitialState(h0, c0);
    for (Mode mode : Mode.values()) {
      a.setDropoutSeed(4);
      b.setDropoutSeed(4);
      float[] viaBatch = a.forward(input, mode);
      float[] flat = b.forward(x, batch, steps, h0, c0, mode == Mode.TRAINING);
      assertThat(viaBatch).as(mode.name()).containsExactly(flat);
      float[] dPred = random(rng, flat.length);
      a.parameters().zeroGrad();
      b.parameters().zeroGrad();
      assertThat(a.backward(dPred)).as(mode + " dx").containsExactly(b.backward(dPred));
      assertThat(a.parameters().grad()).as(mode + " grads").containsExactly(b.parameters().grad());
    }
    assertThat(a.predict(SequenceBatch.of(x, batch, steps, in)))
        .containsExactly(b.forward(x, batch, steps, null, null, false));
  }

  @Test
  void ofNested_isBatchFirstLayout() {
    float[][][] nested = {
      {{1, 2}, {3, 4}, {5, 6}},
      {{7, 8}, {9, 10}, {11, 12}}
    };
    SequenceBatch b = SequenceBatch.of(nested);
    assertThat(new int[] {b.batch(), b.steps(), b.features()}).containsExactly(2, 3, 2);
    // (b·T + t)·I + i: sequence 1, step 2, feature 0 is 11 at (1·3 + 2)·2 + 0 = 10.
    assertThat(b.values()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    assertThat(b.values()[10]).isEqualTo(11f);
    assertThat(b).hasToString("SequenceBatch(B=2, T=3, I=2)");
  }

  @Test
  void ofNested_ragged_namesTheRow() {
    assertThatThrownBy(() -> SequenceBatch.of(new float[][][] {{{1}, {2}}, {{3}}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("x[1] has 1 steps; expected T=2 as x[0]");
    assertThatThrownBy(() -> SequenceBatch.of(new float[][][] {{{1, 2}, {3}}}))
        .hasMessage("x[0][1] has 1 features; expected I=2 as x[0][0]");
    assertThatThrownBy(() -> SequenceBatch.of(new float[0][][]))
        .hasMessage("x must be a non-empty [B][T][I] array, B, T, I > 0");
  }

  @Test
  void windows_carryTheirShape() {
    double[] series = new double[30];
    for (int i = 0; i < series.length; i++) {
      series[i] = i;
    }
    Windows w = Windows.of(series, 8, 2); // 30 − 8 − 2 + 1 = 21 windows
    SequenceBatch all = w.batch();
    assertThat(new int[] {all.batch(), all.steps(), all.features()}).containsExactly(21, 8, 1);
    assertThat(all.values()).isSameAs(w.x());
    SequenceBatch part = w.batch(new Split.Range(5, 9));
    assertThat(new int[] {part.batch(), part.steps()}).containsExactly(4, 8);
    assertThat(part.values()[0]).isEqualTo(5f); // window 5 starts at value 5
    assertThatThrownBy(() -> w.batch(new Split.Range(20, 22)))
        .hasMessageContaining("must be a non-empty part of the 21 windows");
  }

  @Test
  void recurrent_wrongFeatureCount_isRejected() {
    Recurrent r = Recurrent.create(new Recurrent.Config(CellType.GRU, 2, 3), 1);
    assertThatThrownBy(() -> r.forward(SequenceBatch.of(new float[6], 1, 2, 3), Mode.INFERENCE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("x is SequenceBatch(B=1, T=2, I=3); this stack reads I=2 features per step");
  }

  private static SequenceModel model(CellType cell, int in, int hidden, int layers) {
    return SequenceModel.builder(cell, in, hidden).layers(layers).dropout(0.4).outputSize(2)
        .seed(7).build();
  }

  private static float[] random(SplittableRandom rng, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rng.nextDouble(-1, 1);
    }
    return a;
  }
}
