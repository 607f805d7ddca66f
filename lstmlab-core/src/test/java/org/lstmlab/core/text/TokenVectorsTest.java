package org.lstmlab.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;

/** Token vectors are the columns one-hot input picks, and their cosines are computed by hand. */
class TokenVectorsTest {

  /** pad, unk, a, b, c: V = 5. */
  private static final Vocabulary FIVE =
      Vocabulary.of(Vocabulary.Kind.CHAR, false, List.of("<pad>", "<unk>", "a", "b", "c"));

  /** An RNN (G = 1) with H = 2, so weight_ih_l0 is (2, 5) and each token's vector has 2 numbers. */
  private static SequenceModel rnn(float[] wIh) {
    SequenceModel net = LanguageModel.builder(CellType.RNN_TANH, FIVE, 2).seed(3).build();
    net.parameters().set("rnn.weight_ih_l0", wIh);
    return net;
  }

  @Test
  void ofOneHotInput_columnsOfTheInputWeights_inTokenOrder() {
    // rows (G·H = 2) × columns (V = 5): column v is token v's vector.
    TokenVectors t = TokenVectors.ofOneHotInput(rnn(new float[] {
        0, 1, 2, 3, 4,
        5, 6, 7, 8, 9}), 5);
    assertThat(t.dim()).isEqualTo(2);
    assertThat(t.vocabSize()).isEqualTo(5);
    assertThat(t.vector(3)).containsExactly(3, 8);
    assertThat(t.vector(0)).containsExactly(0, 5);
  }

  @Test
  void ofGateInput_embedding_isTheInputWeightsTimesEachRow_andOfGivesTheRows() {
    // Embedding (V = 5, E = 2) into an RNN with H = 2: weight_ih_l0 is (2, 2).
    SequenceModel net = LanguageModel.builder(CellType.RNN_TANH, FIVE, 2, 2).seed(3).build();
    net.parameters().set("embedding.weight", new float[] {0, 0, 1, 0, 0, 1, 1, 1, 2, -1});
    net.parameters().set("rnn.weight_ih_l0", new float[] {1, 2, 3, 4});
    assertThat(TokenVectors.of(net).vector(4)).containsExactly(2, -1);
    // token 4: [[1, 2], [3, 4]] · (2, −1) = (0, 2); token 3: · (1, 1) = (3, 7)
    TokenVectors g = TokenVectors.ofGateInput(net);
    assertThat(g.dim()).isEqualTo(2);
    assertThat(g.vector(4)).containsExactly(0, 2);
    assertThat(g.vector(3)).containsExactly(3, 7);
    // one-hot input: the same vectors as ofOneHotInput
    SequenceModel oneHot = rnn(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    assertThat(TokenVectors.ofGateInput(oneHot).vector(3)).containsExactly(3, 8);
    assertThat(TokenVectors.of(oneHot).vector(3)).containsExactly(3, 8);
  }

  @Test
  void ofOneHotInput_isWhatTheFirstStepReads() {
    // A one-hot step from zero state: h = tanh(W_ih x + b_ih + b_hh) = tanh(column v + biases).
    SequenceModel net = LanguageModel.builder(CellType.RNN_TANH, FIVE, 2).seed(3).build();
    TokenVectors t = TokenVectors.ofOneHotInput(net, 5);
    float[] bIh = net.parameters().get("rnn.bias_ih_l0");
    float[] bHh = net.parameters().get("rnn.bias_hh_l0");
    net.predict(SequenceBatch.of(OneHot.encode(new int[] {4}, 5), 1, 1, 5));
    float[] h = net.finalHidden(); // (L, B, H) = (1, 1, 2)
    double[] col = t.vector(4);
    for (int j = 0; j < 2; j++) {
      assertThat((double) h[j]).isCloseTo(Math.tanh(col[j] + bIh[j] + bHh[j]), within(1e-6));
    }
  }

  @Test
  void cosine_handComputed() {
    // a = (1, 0), b = (1, 1), c = (-2, 0), unk = (0, 0).
    TokenVectors t = TokenVectors.ofOneHotInput(rnn(new float[] {
        9, 0, 1, 1, -2,
        9, 0, 0, 1, 0}), 5);
    assertThat(t.cosine(2, 3)).isCloseTo(1 / Math.sqrt(2), within(1e-12));
    assertThat(t.cosine(2, 4)).isCloseTo(-1, within(1e-12));
    assertThat(t.cosine(2, 2)).isCloseTo(1, within(1e-12));
    assertThat(t.cosine(1, 2)).isZero(); // a zero vector has no direction
  }

  @Test
  void nearest_largestCosineFirst_withoutItselfOrPadding() {
    // pad = (1, 0) would be a's twin, but padding is never a neighbour.
    TokenVectors t = TokenVectors.ofOneHotInput(rnn(new float[] {
        1, 0, 1, 1, -2,
        0, 0, 0, 1, 0}), 5);
    List<TokenVectors.Neighbour> n = t.nearest(2, 3);
    assertThat(n).extracting(TokenVectors.Neighbour::id).containsExactly(3, 1, 4);
    assertThat(n.get(0).cosine()).isCloseTo(1 / Math.sqrt(2), within(1e-12));
    assertThat(n.get(1).cosine()).isZero();
    assertThat(n.get(2).cosine()).isCloseTo(-1, within(1e-12));
    assertThat(t.nearest(2, 0)).isEmpty();
  }

  @Test
  void ofOneHotInput_wrongVocabulary_namesTheShape() {
    SequenceModel net = LanguageModel.builder(CellType.RNN_TANH, FIVE, 2).build();
    assertThatThrownBy(() -> TokenVectors.ofOneHotInput(net, 7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("weight_ih_l0 must have 7 columns");
    assertThatThrownBy(() -> TokenVectors.ofOneHotInput(net, 5).nearest(5, 1))
        .hasMessageContaining("token id must be in [0, 5), got 5");
  }
}
