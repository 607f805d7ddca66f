package org.lstmlab.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlab.core.testing.Fixture;

/**
 * A {@link SequenceModel} with an embedding input stage ({@link SequenceModel.Builder#embedding}):
 * golden parity with PyTorch 1.13 ({@code nn.Embedding(7, 4, padding_idx)} → {@code nn.LSTM} or
 * {@code nn.GRU}, 1–2 layers, bidirectional or not, rows of different lengths through {@code
 * pack_padded_sequence} → {@code nn.Linear} on the last states or every step; fixtures by {@code
 * tools/pytorch/embedding_fixtures.py}, the loss of {@link BidirectionalParityTest}); forward 1e-5
 * absolute, every gradient (embedding.weight and the embedded vectors included) 1e-4 relative, on
 * both kernels as every core test. Also the refusals of a wrong kind of batch and the stateful
 * path.
 */
class TokenModelTest {

  static Stream<String> cases() {
    return Stream.of(
        "embedding_lstm_l1_last_pad0_packed",
        "embedding_lstm_l2_all_pad0_packed",
        "embedding_lstm_l2_bidi_last_pad0_packed",
        "embedding_gru_l1_all_packed",
        "embedding_gru_l2_last_pad0_packed",
        "embedding_gru_l1_bidi_all_pad3");
  }

  /** The fixture's model with PyTorch's parameters, checked name by name and shape by shape. */
  static SequenceModel load(Fixture f) {
    int dim = f.integer("embedding_dim");
    SequenceModel m = SequenceModel.builder(CellType.fromId(f.text("cell")), dim,
            f.integer("hidden"))
        .embedding(f.integer("vocab"), dim,
            f.has("padding_idx") ? f.integer("padding_idx") : Embedding.NO_PADDING)
        .layers(f.integer("layers"))
        .bidirectional(f.text("bidirectional").equals("true"))
        .outputs(f.text("outputs").equals("all") ? SequenceModel.Outputs.ALL
            : SequenceModel.Outputs.LAST)
        .outputSize(f.integer("output_size"))
        .build();
    Fixture params = f.child("params");
    assertThat(m.parameters().tensors()).extracting(Parameters.Tensor::name)
        .containsExactlyElementsOf(params.keys());
    assertThat(params.keys().get(0)).isEqualTo("embedding.weight");
    for (String name : params.keys()) {
      assertThat(m.parameters().tensor(name).shape()).as(name).isEqualTo(params.shape(name));
      m.parameters().set(name, params.floats(name));
    }
    return m;
  }

  static int[] ids(Fixture f) {
    return Arrays.stream(f.array("ids")).mapToInt(v -> (int) v).toArray();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void forwardAndBackward_matchPyTorch(String name) {
    Fixture f = Fixture.load("recurrent/" + name + ".json");
    boolean lstm = f.text("cell").equals("lstm");
    SequenceModel m = load(f);
    assertThat(m.tokenInput()).isTrue();
    SequenceBatch x = SequenceBatch.ofTokens(ids(f), f.integer("batch"), f.integer("steps"))
        .withInitialState(f.floats("h0"), lstm ? f.floats("c0") : null);
    if (f.has("lengths")) {
      x = x.withLengths(BidirectionalParityTest.lengths(f));
    }
    BidirectionalParityTest.assertMatchesFixture(m, x, f);
  }

  @Test
  void backward_paddingRowReadAtRealSteps_getsNoGradient() {
    Fixture f = Fixture.load("recurrent/embedding_lstm_l1_last_pad0_packed.json");
    SequenceModel m = load(f);
    int[] ids = ids(f);
    assertThat(ids[1]).as("the fixture reads the padding id at a real step").isZero();
    SequenceBatch x = SequenceBatch.ofTokens(ids, 3, 6).withLengths(new int[] {4, 6, 2})
        .withInitialState(f.floats("h0"), f.floats("c0"));
    m.parameters().zeroGrad();
    PyTorchParityTest.lossAndBackward(m, f, m.forward(x, Mode.TRAINING));
    float[] g = m.parameters().gradient("embedding.weight"); // (V, E)
    assertThat(Arrays.copyOfRange(g, 0, 4)).containsOnly(0f);
    assertThat(Arrays.copyOfRange(g, 4, g.length)).isNotEqualTo(new float[g.length - 4]);
  }

  @Test
  void forward_tokensEqualTheirVectorsFedToAFloatModel() {
    SequenceModel tokens = SequenceModel.builder(CellType.GRU, 3, 4).embedding(5, 3, 0)
        .outputSize(2).outputs(SequenceModel.Outputs.ALL).seed(9).build();
    SequenceModel floats = SequenceModel.builder(CellType.GRU, 3, 4)
        .outputSize(2).outputs(SequenceModel.Outputs.ALL).seed(9).build();
    for (Parameters.Tensor t : floats.parameters().tensors()) {
      floats.parameters().set(t.name(), tokens.parameters().get(t.name()));
    }
    int[] ids = {1, 4, 0, 2, 2, 3};
    float[] table = tokens.parameters().get("embedding.weight"); // (V, E)
    assertThat(Arrays.copyOfRange(table, 0, 3)).as("padding row starts at 0").containsOnly(0f);
    float[] x = new float[ids.length * 3];
    for (int n = 0; n < ids.length; n++) {
      System.arraycopy(table, ids[n] * 3, x, n * 3, 3);
    }
    float[] a = tokens.predict(SequenceBatch.ofTokens(ids, 2, 3));
    float[] b = floats.predict(SequenceBatch.of(x, 2, 3, 3));
    assertThat(a).containsExactly(b);
  }

  @Test
  void timeStep_ids_matchesForwardOnTheWholeSequence() {
    SequenceModel m = SequenceModel.builder(CellType.LSTM, 3, 4).embedding(6, 3,
        Embedding.NO_PADDING).layers(2).outputSize(2).outputs(SequenceModel.Outputs.ALL)
        .seed(3).build();
    int[] ids = {5, 0, 3, 3, 1}; // (B=1, T=5)
    float[] whole = m.predict(SequenceBatch.ofTokens(ids, 1, 5));
    for (int t = 0; t < 5; t++) {
      float[] step = m.timeStep(new int[] {ids[t]});
      assertThat(step[0]).isCloseTo(whole[t * 2], Offset.offset(1e-6f));
      assertThat(step[1]).isCloseTo(whole[t * 2 + 1], Offset.offset(1e-6f));
    }
  }

  @Test
  void forward_floatBatchToTokenModel_isRefusedInOneLine() {
    SequenceModel m = SequenceModel.builder(CellType.LSTM, 3, 4).embedding(6, 3, 0).build();
    assertThatThrownBy(() -> m.predict(SequenceBatch.of(new float[6], 1, 2, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token ids through an embedding of 6 tokens")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> m.timeStep(new float[3], 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeStep(int[] ids)");
  }

  @Test
  void forward_tokenBatchToFloatModel_isRefusedInOneLine() {
    SequenceModel m = SequenceModel.builder(CellType.LSTM, 3, 4).build();
    assertThatThrownBy(() -> m.predict(SequenceBatch.ofTokens(new int[] {1, 2}, 1, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no embedding and reads I=3 float features")
        .hasMessageNotContaining("\n");
  }

  @Test
  void forward_idOutsideVocabulary_isRefusedNamingItsPosition() {
    SequenceModel m = SequenceModel.builder(CellType.GRU, 3, 4).embedding(6, 3, 0).build();
    assertThatThrownBy(() -> m.predict(SequenceBatch.ofTokens(new int[] {1, 6}, 1, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ids[1] = 6 is outside [0, 6)");
  }

  @Test
  void build_embeddingDimOtherThanInputSize_isRefused() {
    SequenceModel.Builder b = SequenceModel.builder(CellType.GRU, 3, 4).embedding(6, 5, 0);
    assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the embedding's dim E=5 must equal the builder's input size I=3: the"
            + " embedded vectors are the stack's input");
    assertThatThrownBy(b::parameterShapes).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parameterShapes_withEmbedding_startWithItsWeight() {
    assertThat(SequenceModel.builder(CellType.GRU, 3, 4).embedding(6, 3, 0).parameterShapes())
        .containsKeys("embedding.weight", "rnn.weight_ih_l0", "head.weight")
        .extractingByKey("embedding.weight").isEqualTo(new int[] {6, 3});
    SequenceModel m = SequenceModel.builder(CellType.GRU, 3, 4).embedding(6, 3, -1).build();
    assertThat(m.tokenInput()).isTrue();
    assertThat(m.embedding().paddingIdx()).isEqualTo(5);
    assertThat(SequenceModel.builder(CellType.GRU, 3, 4).build().embedding()).isNull();
  }

  @Test
  void ofTokens_wrongLength_isRefusedWithTheShape() {
    assertThatThrownBy(() -> SequenceBatch.ofTokens(new int[5], 2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ids has 5 elements; expected shape (B=2, T=3), 6 ids");
    SequenceBatch b = SequenceBatch.ofTokens(new int[6], 2, 3);
    assertThat(b.values()).isNull();
    assertThat(b.features()).isEqualTo(1);
    assertThat(b.withLengths(new int[] {1, 3}).tokens()).isSameAs(b.tokens());
    assertThat(b.toString()).isEqualTo("SequenceBatch(B=2, T=3) of token ids");
  }
}
