package org.lstmlab.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** PyTorch's parameter names, shapes and default initialisation; reproducibility by seed. */
class InitializationTest {

  @Test
  void parameters_haveTorchNamesAndShapes() {
    SequenceModel m = SequenceModel.builder(CellType.LSTM, 3, 5).layers(2).outputSize(2).build();
    assertThat(m.parameters().tensors())
        .extracting(Object::toString)
        .containsExactly(
            "rnn.weight_ih_l0[20, 3]", "rnn.weight_hh_l0[20, 5]", "rnn.bias_ih_l0[20]",
            "rnn.bias_hh_l0[20]", "rnn.weight_ih_l1[20, 5]", "rnn.weight_hh_l1[20, 5]",
            "rnn.bias_ih_l1[20]", "rnn.bias_hh_l1[20]", "head.weight[2, 5]", "head.bias[2]");
    assertThat(SequenceModel.builder(CellType.GRU, 3, 5).build().parameters().tensor("rnn.weight_hh_l0").shape())
        .containsExactly(15, 5);
    assertThat(SequenceModel.builder(CellType.RNN_RELU, 3, 5).build().parameters().tensor("rnn.weight_ih_l0").shape())
        .containsExactly(5, 3);
  }

  @ParameterizedTest
  @EnumSource(CellType.class)
  void init_isUniformWithinOneOverSqrtHidden(CellType cell) {
    int hidden = 64;
    SequenceModel m = SequenceModel.builder(cell, 16, hidden).seed(1).build();
    double bound = 1 / Math.sqrt(hidden);
    Parameters p = m.parameters();
    int n = 0;
    double sum = 0;
    double sumSq = 0;
    for (Parameters.Tensor t : p.tensors()) {
      if (!t.name().startsWith("rnn.")) {
        continue;
      }
      for (int i = t.offset(); i < t.offset() + t.size(); i++) {
        float v = p.data()[i];
        assertThat((double) Math.abs(v)).isLessThanOrEqualTo(bound);
        n++;
        sum += v;
        sumSq += v * v;
      }
    }
    // U(-a, a) has mean 0 and variance a²/3; with n ≥ 2 000 draws both are within a few percent.
    assertThat(sum / n).isCloseTo(0, within(0.05 * bound));
    assertThat(sumSq / n).isCloseTo(bound * bound / 3, within(0.1 * bound * bound / 3));
    double headBound = 1 / Math.sqrt(hidden);
    for (float v : p.get("head.weight")) {
      assertThat((double) Math.abs(v)).isLessThanOrEqualTo(headBound);
    }
  }

  @Test
  void unitForgetBias_setsForgetSliceToOne() {
    int h = 4;
    SequenceModel m = SequenceModel.builder(CellType.LSTM, 1, h).layers(2).unitForgetBias(true).build();
    for (int k = 0; k < 2; k++) {
      float[] bIh = m.parameters().get("rnn.bias_ih_l" + k);
      float[] bHh = m.parameters().get("rnn.bias_hh_l" + k);
      for (int j = 0; j < h; j++) {
        assertThat(bIh[h + j] + bHh[h + j]).isEqualTo(1f);
        assertThat(Math.abs(bIh[j])).isLessThan(0.5f + 1e-6f); // other gates keep the default init
      }
    }
  }

  @Test
  void sameSeed_sameParameters_otherSeed_otherParameters() {
    float[] a = SequenceModel.builder(CellType.GRU, 2, 8).seed(7).build().parameters().data();
    float[] b = SequenceModel.builder(CellType.GRU, 2, 8).seed(7).build().parameters().data();
    float[] c = SequenceModel.builder(CellType.GRU, 2, 8).seed(8).build().parameters().data();
    assertThat(a).containsExactly(b);
    assertThat(a).isNotEqualTo(c);
  }
}
