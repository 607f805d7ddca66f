package org.lstmlab.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlab.core.optim.Adam;
import org.lstmlab.core.optim.Optimizer;
import org.lstmlab.core.testing.Fixture;

/**
 * Golden parity with PyTorch 1.13: fixtures written by {@code tools/pytorch/recurrent_fixtures.py}
 * from {@code nn.LSTM}, {@code nn.GRU} and {@code nn.RNN} (batch_first) with an {@code nn.Linear}
 * head, for one and two layers and batch 1 and 4.
 *
 * <p>The loss is L = MSE(head(out[:, −1]), y) + Σ out ⊙ Wo + Σ hN ⊙ Wh (+ Σ cN ⊙ Wc), so that
 * gradient reaches every step and both final states.
 *
 * <p>Tolerances. Forward within 1e-5 absolute: both sides compute in float32 (unit roundoff 6e-8)
 * but sum in different orders; over T = 6 steps of dot products of length ≤ 8 the differences stay
 * near 1e-6, and 1e-5 leaves room without hiding an error (a wrong gate order or bias shifts
 * outputs by 1e-2 or more). Gradients within 1e-4 relative: backward adds the rounding of forward
 * to products of up to B·T terms; relative to max(|expected|, 1e-2), so that gradients near zero
 * are compared absolutely at 1e-6.
 */
class PyTorchParityTest {

  static Stream<String> cases() {
    List<String> names = new ArrayList<>();
    for (String cell : new String[] {"lstm", "gru", "rnn_tanh", "rnn_relu"}) {
      for (int layers : new int[] {1, 2}) {
        for (int batch : new int[] {1, 4}) {
          names.add(cell + "_l" + layers + "_b" + batch);
        }
      }
    }
    return names.stream();
  }

  static SequenceModel load(Fixture f) {
    SequenceModel m =
        SequenceModel.builder(
                CellType.fromId(f.text("cell")), f.integer("input_size"), f.integer("hidden"))
            .layers(f.integer("layers"))
            .bidirectional(f.has("bidirectional") && f.text("bidirectional").equals("true"))
            .outputSize(f.integer("output_size"))
            .build();
    Fixture params = f.child("params");
    assertThat(m.parameters().tensors()).extracting(Parameters.Tensor::name)
        .containsExactlyElementsOf(params.keys());
    for (String name : params.keys()) {
      assertThat(m.parameters().tensor(name).shape()).as(name).isEqualTo(params.shape(name));
      m.parameters().set(name, params.floats(name));
    }
    return m;
  }

  /** The fixture's x (B, T, I) with its h0 and c0. */
  private static SequenceBatch input(Fixture f, boolean lstm) {
    return SequenceBatch.of(f.floats("x"), f.integer("batch"), f.integer("steps"),
        f.integer("input_size")).withInitialState(f.floats("h0"), lstm ? f.floats("c0") : null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void forwardAndBackward_matchPyTorch(String name) {
    Fixture f = Fixture.load("recurrent/" + name + ".json");
    boolean lstm = f.text("cell").equals("lstm");
    SequenceModel m = load(f);
    int b = f.integer("batch");
    int t = f.integer("steps");
    float[] pred = m.forward(input(f, lstm), Mode.INFERENCE);

    assertClose("pred", pred, f.floats("pred"));
    assertClose("out", m.hiddenStates(), f.floats("out"));
    assertClose("hn", m.finalHidden(), f.floats("hn"));
    if (lstm) {
      assertClose("cn", m.finalCell(), f.floats("cn"));
    }
    Backward back = lossAndBackward(m, f, pred);
    assertThat(back.loss).as("loss").isCloseTo(f.number("loss"), org.assertj.core.data.Offset.offset(1e-5));
    float[] dx = back.dx;
    Fixture grads = f.child("grads");
    for (Parameters.Tensor tensor : m.parameters().tensors()) {
      assertGradient(tensor.name(), m.parameters().gradient(tensor.name()), grads.floats(tensor.name()));
    }
    assertGradient("x", dx, grads.floats("x"));
    assertGradient("h0", m.initialHiddenGradient(), grads.floats("h0"));
    if (lstm) {
      assertGradient("c0", m.initialCellGradient(), grads.floats("c0"));
    }
  }

  /**
   * Three Adam steps (lr 0.01, PyTorch's defaults otherwise) on the same loss. Parameters after the
   * third step within 1e-4 relative: each step moves a parameter by about lr, and the rounding of
   * the gradients (1e-4 relative at worst) enters the update only through m/√v.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void threeAdamSteps_matchPyTorch(String name) {
    Fixture f = Fixture.load("recurrent/" + name + ".json");
    boolean lstm = f.text("cell").equals("lstm");
    SequenceModel m = load(f);
    Fixture adam = f.child("adam");
    Optimizer opt = Adam.builder().lr(adam.number("lr")).build();
    double[] losses = adam.array("losses");
    for (int step = 0; step < adam.integer("steps"); step++) {
      float[] pred = m.forward(input(f, lstm), Mode.TRAINING);
      m.parameters().zeroGrad();
      double loss = lossAndBackward(m, f, pred).loss;
      assertThat(loss).as("loss before step %d", step + 1)
          .isCloseTo(losses[step], org.assertj.core.data.Offset.offset(1e-4));
      opt.step(m.parameters());
    }
    Fixture after = adam.child("params");
    for (String tensor : after.keys()) {
      assertGradient(tensor + " after 3 Adam steps", m.parameters().get(tensor), after.floats(tensor));
    }
  }

  /** The loss and the input gradient of one backward. */
  record Backward(double loss, float[] dx) {}

  /** The fixture's loss for the latest forward; backpropagates it into the model's gradients. */
  static Backward lossAndBackward(SequenceModel m, Fixture f, float[] pred) {
    boolean lstm = f.text("cell").equals("lstm");
    float[] y = f.floats("y");
    float[] dPred = new float[pred.length];
    double loss = 0;
    for (int i = 0; i < pred.length; i++) {
      double d = pred[i] - y[i];
      loss += d * d / pred.length;
      dPred[i] = (float) (2 * d / pred.length);
    }
    loss += dot(m.hiddenStates(), f.floats("out_weight")) + dot(m.finalHidden(), f.floats("hn_weight"));
    if (lstm) {
      loss += dot(m.finalCell(), f.floats("cn_weight"));
    }
    float[] dx =
        m.backward(
            dPred,
            f.floats("out_weight"),
            f.floats("hn_weight"),
            lstm ? f.floats("cn_weight") : null);
    return new Backward(loss, dx);
  }

  static void assertClose(String what, float[] actual, float[] expected) {
    assertThat(actual).as(what + " length").hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat((double) actual[i])
          .as("%s[%d]", what, i)
          .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  static void assertGradient(String what, float[] actual, float[] expected) {
    assertThat(actual).as(what + " length").hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      double err = Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), 1e-2);
      assertThat(err).as("%s[%d]: %s vs PyTorch %s", what, i, actual[i], expected[i]).isLessThan(1e-4);
    }
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }
}
