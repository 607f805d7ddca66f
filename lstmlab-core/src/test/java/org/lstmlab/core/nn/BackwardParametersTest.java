package org.lstmlab.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link SequenceModel#backwardParameters} leaves out the input's and h0's gradients, and the
 * forward leaves out step 0's recurrent product when no h0 is given: the parameters' gradients and
 * the outputs must be bit for bit those of the full backward and of a forward from explicit zero
 * states.
 */
class BackwardParametersTest {

  @ParameterizedTest(name = "{0} layers={1} bidirectional={2} lengths={3} outputs={4}")
  @CsvSource({
    "lstm,1,false,false,LAST", "lstm,2,false,false,ALL", "lstm,2,true,true,LAST",
    "gru,1,false,false,LAST", "gru,2,true,false,ALL", "gru,1,false,true,ALL",
    "rnn_tanh,2,false,false,LAST", "rnn_relu,1,true,true,LAST"
  })
  void backwardParameters_sameParameterGradientsAsBackward(
      String cellId, int layers, boolean bidirectional, boolean lengths, String outputs) {
    CellType cell = CellType.fromId(cellId);
    int batch = 3;
    int steps = 5;
    SequenceBatch x = batch(batch, steps, 2, lengths, null, null, 11);
    SequenceModel full = model(cell, 2, layers, bidirectional, outputs);
    SequenceModel params = model(cell, 2, layers, bidirectional, outputs);
    float[] pred = full.forward(x, Mode.TRAINING);
    assertThat(params.forward(x, Mode.TRAINING)).containsExactly(pred);
    float[] dPred = random(pred.length, 12);
    full.parameters().zeroGrad();
    params.parameters().zeroGrad();
    float[] dx = full.backward(dPred);
    params.backwardParameters(dPred);

    float[] expected = full.parameters().grad();
    float[] actual = params.parameters().grad();
    assertThat(Arrays.mismatch(actual, expected)).as("first gradient differing").isEqualTo(-1);
    assertThat(Arrays.stream(toDouble(expected)).anyMatch(g -> g != 0)).isTrue();
    assertThat(dx).hasSize(batch * steps * 2);
    assertThatThrownBy(params::initialHiddenGradient)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("backward");
    if (cell.hasCellState()) {
      assertThat(params.initialCellGradient()).containsExactly(full.initialCellGradient());
    }
    // A full backward after it gives the state gradients again.
    params.parameters().zeroGrad();
    assertThat(params.backward(dPred)).containsExactly(dx);
    assertThat(params.initialHiddenGradient()).containsExactly(full.initialHiddenGradient());
  }

  @ParameterizedTest(name = "{0} layers={1} bidirectional={2}")
  @CsvSource({"lstm,2,false", "gru,1,true", "rnn_tanh,1,false", "lstm,1,true"})
  void forwardWithoutH0_sameAsFromZeroStates(String cellId, int layers, boolean bidirectional) {
    CellType cell = CellType.fromId(cellId);
    int batch = 2;
    int steps = 4;
    int states = layers * (bidirectional ? 2 : 1) * batch * 6;
    SequenceBatch implicit = batch(batch, steps, 3, false, null, null, 21);
    SequenceBatch explicit = batch(batch, steps, 3, false, new float[states],
        cell.hasCellState() ? new float[states] : null, 21);
    SequenceModel a = model(cell, 3, layers, bidirectional, "ALL");
    SequenceModel b = model(cell, 3, layers, bidirectional, "ALL");
    float[] pred = a.forward(implicit, Mode.TRAINING);
    assertThat(b.forward(explicit, Mode.TRAINING)).containsExactly(pred);
    assertThat(a.predict(implicit)).containsExactly(b.predict(explicit));
    float[] dPred = random(pred.length, 22);
    a.forward(implicit, Mode.TRAINING);
    b.forward(explicit, Mode.TRAINING);
    a.parameters().zeroGrad();
    b.parameters().zeroGrad();
    assertThat(a.backward(dPred)).containsExactly(b.backward(dPred));
    assertThat(a.parameters().grad()).containsExactly(b.parameters().grad());
    assertThat(a.initialHiddenGradient()).containsExactly(b.initialHiddenGradient());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"lstm", "gru"})
  void backwardParameters_tokenModel_keepsTheEmbeddingGradient(String cellId) {
    CellType cell = CellType.fromId(cellId);
    int[] ids = {1, 4, 0, 2, 3, 3, 1, 0};
    SequenceBatch x = SequenceBatch.ofTokens(ids, 2, 4);
    SequenceModel full = tokenModel(cell);
    SequenceModel params = tokenModel(cell);
    float[] dPred = random(full.forward(x, Mode.TRAINING).length, 31);
    params.forward(x, Mode.TRAINING);
    full.parameters().zeroGrad();
    params.parameters().zeroGrad();
    full.backward(dPred);
    params.backwardParameters(dPred);
    float[] expected = full.parameters().grad();
    assertThat(params.parameters().grad()).containsExactly(expected);
    // embedding.weight comes first: some of its rows took a gradient
    assertThat(Arrays.stream(toDouble(Arrays.copyOf(expected, 5 * 3))).anyMatch(g -> g != 0))
        .isTrue();
  }

  private static SequenceModel model(CellType cell, int inputSize, int layers,
      boolean bidirectional, String outputs) {
    return SequenceModel.builder(cell, inputSize, 6)
        .layers(layers)
        .bidirectional(bidirectional)
        .outputs(SequenceModel.Outputs.valueOf(outputs))
        .outputSize(2)
        .seed(5)
        .build();
  }

  private static SequenceModel tokenModel(CellType cell) {
    return SequenceModel.builder(cell, 3, 4).embedding(5, 3, 0).outputSize(2).seed(9).build();
  }

  private static SequenceBatch batch(int batch, int steps, int features, boolean lengths,
      float[] h0, float[] c0, long seed) {
    SequenceBatch x = SequenceBatch.of(random(batch * steps * features, seed), batch, steps,
        features);
    if (lengths) {
      int[] len = new int[batch];
      for (int b = 0; b < batch; b++) {
        len[b] = steps - b % steps;
      }
      x = x.withLengths(len);
    }
    return h0 == null ? x : x.withInitialState(h0, c0);
  }

  private static float[] random(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) rng.nextDouble(-1, 1);
    }
    return v;
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
