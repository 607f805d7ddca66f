package org.lstmlab.core.nn;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Bad arguments throw IllegalArgumentException naming the argument and the expected shape. */
class ValidationTest {

  private final SequenceModel lstm = SequenceModel.builder(CellType.LSTM, 2, 3).layers(2).build();
  private final SequenceModel gru = SequenceModel.builder(CellType.GRU, 2, 3).build();

  @Test
  void forward_wrongInputLength_namesShape() {
    assertThatThrownBy(() -> SequenceBatch.of(new float[11], 2, 3, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("values has 11 elements; expected shape (B=2, T=3, I=2) = 12");
  }

  @Test
  void forward_wrongFeatureCount_namesBothShapes() {
    assertThatThrownBy(() -> lstm.predict(SequenceBatch.of(new float[12], 2, 6, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("x is SequenceBatch(B=2, T=6, I=1); this model reads I=2 features per step");
  }

  @Test
  void forward_nonFiniteInput_namesIndex() {
    float[] x = new float[12];
    x[5] = Float.NaN;
    assertThatThrownBy(() -> lstm.predict(SequenceBatch.of(x, 2, 3, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x has a non-finite value NaN at flat index 5");
    x[5] = Float.POSITIVE_INFINITY;
    assertThatThrownBy(() -> lstm.forward(SequenceBatch.of(x, 2, 3, 2), Mode.TRAINING))
        .hasMessageContaining("x has a non-finite value Infinity");
  }

  @Test
  void forward_badSizes_areRejected() {
    assertThatThrownBy(() -> SequenceBatch.of(new float[0], 0, 3, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch must be > 0, got 0");
    assertThatThrownBy(() -> SequenceBatch.of(new float[0], 1, -1, 2))
        .hasMessageContaining("steps must be > 0, got -1");
    assertThatThrownBy(() -> SequenceBatch.of(new float[0], 1, 1, 0))
        .hasMessageContaining("features must be > 0, got 0");
    assertThatThrownBy(() -> lstm.forward(null, Mode.TRAINING))
        .hasMessage("x is null; expected a (B, T, I=2) SequenceBatch");
    assertThatThrownBy(() -> lstm.forward(SequenceBatch.of(new float[12], 2, 3, 2), null))
        .hasMessage("mode is null; expected TRAINING or INFERENCE");
  }

  @Test
  void forward_wrongStateShapes_areRejected() {
    SequenceBatch x = SequenceBatch.of(new float[12], 2, 3, 2);
    assertThatThrownBy(() -> x.withInitialState(new float[7], null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("h0 has 7 elements; expected shape (L, B=2, H)");
    assertThatThrownBy(() -> lstm.predict(x.withInitialState(new float[6], null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("h0 has 6 elements; expected shape (2, 2, 3) = 12");
    assertThatThrownBy(() -> gru.predict(x.withInitialState(null, new float[6])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("c0 must be null: gru has no cell state");
    float[] h0 = new float[12];
    h0[3] = Float.NaN;
    assertThatThrownBy(() -> lstm.predict(x.withInitialState(h0, null)))
        .hasMessageContaining("h0 has a non-finite value");
  }

  @Test
  void backward_wrongGradientShape_isRejected() {
    lstm.predict(SequenceBatch.of(new float[12], 2, 3, 2));
    assertThatThrownBy(() -> lstm.backward(new float[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dPred has 3 elements; expected shape (2, 1) = 2");
  }

  @Test
  void builder_badSizes_areRejected() {
    assertThatThrownBy(() -> SequenceModel.builder(CellType.LSTM, 0, 3).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inputSize must be > 0, got 0");
    assertThatThrownBy(() -> SequenceModel.builder(CellType.LSTM, 1, -4).build())
        .hasMessageContaining("hidden must be > 0, got -4");
    assertThatThrownBy(() -> SequenceModel.builder(CellType.LSTM, 1, 4).layers(0).build())
        .hasMessageContaining("layers must be > 0, got 0");
    assertThatThrownBy(() -> SequenceModel.builder(CellType.LSTM, 1, 4).outputSize(0).build())
        .hasMessageContaining("outputSize must be > 0, got 0");
    assertThatThrownBy(() -> SequenceModel.builder(CellType.LSTM, 1, 4).dropout(1.0).build())
        .hasMessageContaining("dropout must be in [0, 1), got 1.0");
    assertThatThrownBy(() -> SequenceModel.builder(CellType.GRU, 1, 4).unitForgetBias(true).build())
        .hasMessageContaining("unitForgetBias applies to the LSTM only");
    assertThatThrownBy(() -> SequenceModel.builder(null, 1, 4).build())
        .hasMessageContaining("cell must not be null");
  }

  @Test
  void parameterSet_badValues_areRejected() {
    Parameters p = lstm.parameters();
    assertThatThrownBy(() -> p.set("rnn.weight_ih_l0", new float[5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rnn.weight_ih_l0 has 5 elements; expected shape [12, 2] = 24");
    float[] nan = new float[24];
    nan[0] = Float.NaN;
    assertThatThrownBy(() -> p.set("rnn.weight_ih_l0", nan))
        .hasMessageContaining("rnn.weight_ih_l0 has a non-finite value NaN at flat index 0");
    assertThatThrownBy(() -> p.tensor("rnn.weight_xx"))
        .hasMessageContaining("no parameter named 'rnn.weight_xx'");
  }

  @Test
  void cellType_unknownId_listsChoices() {
    assertThatThrownBy(() -> CellType.fromId("transformer"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cell must be one of lstm, gru, rnn, rnn_relu; got 'transformer'");
  }
}
