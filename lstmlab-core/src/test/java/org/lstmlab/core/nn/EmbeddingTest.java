package org.lstmlab.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlab.core.loss.TokenCrossEntropy;
import org.lstmlab.core.testing.Fixture;

/**
 * {@link Embedding} against PyTorch's {@code nn.Embedding} ({@code tools/pytorch/text_fixtures.py}):
 * forward within 1e-5, weight gradients within 1e-4; and against central differences.
 */
class EmbeddingTest {

  private static final Fixture EMBEDDING = Fixture.load("text/embedding.json");
  private static final Fixture CE = Fixture.load("text/cross_entropy.json");

  static Stream<String> cases() {
    return EMBEDDING.child("cases").keys().stream();
  }

  static void assertClose(float[] actual, float[] expected, double tol, String what) {
    assertThat(actual).as(what).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat((double) actual[i]).as("%s[%d]", what, i).isCloseTo(expected[i], within(tol));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void forwardBackward_matchPyTorch(String name) {
    Fixture c = EMBEDDING.child("cases").child(name);
    int[] shape = c.shape("weight");
    String p = c.text("padding_idx");
    Embedding e = new Embedding(shape[0], shape[1],
        p.equals("null") ? Embedding.NO_PADDING : Integer.parseInt(p), 1);
    e.parameters().set("weight", c.floats("weight"));
    e.parameters().zeroGrad();

    float[] out = e.forward(c.ints("ids"));
    e.backward(c.floats("d_out"));

    assertClose(out, c.floats("out"), 1e-5, "out");
    assertClose(e.parameters().gradient("weight"), c.floats("grad_weight"), 1e-4, "grad_weight");
  }

  @Test
  void chain_embeddingThenCrossEntropy_matchesPyTorch() {
    Fixture c = CE.child("chain");
    int classes = c.shape("weight")[0];
    Embedding e = new Embedding(classes, classes, 0, 1);
    e.parameters().set("weight", c.floats("weight"));
    TokenCrossEntropy loss = new TokenCrossEntropy(classes, 0);
    float[] logits = e.forward(c.ints("ids"));
    float[] dLogits = new float[logits.length];

    double value = loss.gradient(logits, c.ints("target"), dLogits);
    e.backward(dLogits);

    assertThat(value).isCloseTo(c.number("value"), within(1e-5));
    assertClose(e.parameters().gradient("weight"), c.floats("grad_weight"), 1e-4, "grad_weight");
  }

  /**
   * Central differences of the chain's loss in double against backward: the loss is evaluated in
   * double from float logits, the step h = 1e-2 keeps float rounding (≈ 1e-7 / h) and the O(h²)
   * truncation well under the tolerance.
   */
  @Test
  void backward_chain_matchesCentralDifferences() {
    int classes = 5;
    Embedding e = new Embedding(classes, classes, 0, 42);
    TokenCrossEntropy loss = new TokenCrossEntropy(classes, 0);
    int[] ids = {1, 2, 2, 0, 4, 3, 0, 1};
    int[] target = {2, 2, 3, 1, 1, 4, 0, 0}; // position 3 reads the padding id, scored
    e.parameters().zeroGrad();
    float[] logits = e.forward(ids);
    float[] dLogits = new float[logits.length];
    loss.gradient(logits, target, dLogits);
    e.backward(dLogits);
    float[] grad = e.parameters().gradient("weight");
    float[] w = e.parameters().get("weight");
    double h = 1e-2;
    for (int i = classes; i < w.length; i++) { // row 0, the padding row, below
      float[] plus = w.clone();
      float[] minus = w.clone();
      plus[i] += (float) h;
      minus[i] -= (float) h;
      e.parameters().set("weight", plus);
      double lp = loss.value(e.forward(ids), target);
      e.parameters().set("weight", minus);
      double lm = loss.value(e.forward(ids), target);
      double numeric = (lp - lm) / ((double) plus[i] - minus[i]);
      assertThat((double) grad[i]).as("dL/dweight[%d]", i).isCloseTo(numeric, within(1e-4));
    }
    // The padding row (id 0) gets no gradient although the loss depends on it (position 3), as
    // in PyTorch: padding_idx freezes the row.
    for (int j = 0; j < classes; j++) {
      assertThat(grad[j]).isZero();
    }
  }

  @Test
  void resetParameters_standardNormal_paddingRowZero() {
    Embedding e = new Embedding(200, 50, -1, 3);
    float[] w = e.parameters().data();
    double sum = 0;
    double sq = 0;
    int n = 199 * 50;
    for (int i = 0; i < n; i++) {
      sum += w[i];
      sq += (double) w[i] * w[i];
    }
    assertThat(e.paddingIdx()).isEqualTo(199);
    assertThat(sum / n).isCloseTo(0, within(0.05));
    assertThat(Math.sqrt(sq / n - (sum / n) * (sum / n))).isCloseTo(1, within(0.05));
    for (int j = 0; j < 50; j++) {
      assertThat(w[199 * 50 + j]).isZero();
    }
  }

  @Test
  void forward_badInput_throwsNamingPosition() {
    Embedding e = new Embedding(4, 2, Embedding.NO_PADDING, 0);
    assertThatThrownBy(() -> e.forward(new int[] {1, 4})).hasMessage("ids[1] = 4 is outside [0, 4)");
    assertThatThrownBy(() -> new Embedding(4, 2, 4, 0))
        .hasMessage("paddingIdx must be in [-4, 4), got 4");
    e.forward(new int[] {1, 2});
    assertThatThrownBy(() -> e.backward(new float[3]))
        .hasMessage("dOut has 3 elements; expected shape (2, 2) = 4");
  }
}
