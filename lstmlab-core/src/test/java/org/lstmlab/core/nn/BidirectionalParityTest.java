package org.lstmlab.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lstmlab.core.nn.PyTorchParityTest.assertClose;
import static org.lstmlab.core.nn.PyTorchParityTest.assertGradient;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlab.core.testing.Fixture;

/**
 * Golden parity with PyTorch 1.13 for bidirectional stacks and for batches of rows of different
 * lengths: fixtures written by {@code tools/pytorch/bidirectional_fixtures.py} from {@code nn.LSTM},
 * {@code nn.GRU} and {@code nn.RNN} with {@code bidirectional=True} and/or inputs packed by {@code
 * pack_padded_sequence} (lengths 4, 6, 2 of T = 6, unsorted), one and two layers, with an {@code
 * nn.Linear} head on {@code cat(h_n[-2], h_n[-1])} (bidirectional) or {@code h_n[-1]}.
 *
 * <p>The loss is L = MSE(head(last), y) + Σ out ⊙ Wo + Σ hN ⊙ Wh (+ Σ cN ⊙ Wc): gradient reaches
 * every step of both directions and every final state. Tolerances as {@link PyTorchParityTest}:
 * forward 1e-5 absolute, gradients 1e-4 relative to max(|PyTorch|, 1e-2).
 */
class BidirectionalParityTest {

  static Stream<String> cases() {
    List<String> names = new ArrayList<>();
    for (String cell : new String[] {"lstm", "gru", "rnn_tanh", "rnn_relu"}) {
      for (int layers : new int[] {1, 2}) {
        for (String variant : new String[] {"bidi", "packed", "bidi_packed"}) {
          names.add(cell + "_l" + layers + "_" + variant);
        }
      }
    }
    return names.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void forwardAndBackward_matchPyTorch(String name) {
    Fixture f = Fixture.load("recurrent/" + name + ".json");
    boolean lstm = f.text("cell").equals("lstm");
    SequenceModel m = PyTorchParityTest.load(f);
    SequenceBatch x = SequenceBatch.of(f.floats("x"), f.integer("batch"), f.integer("steps"),
        f.integer("input_size")).withInitialState(f.floats("h0"), lstm ? f.floats("c0") : null);
    if (f.has("lengths")) {
      x = x.withLengths(lengths(f));
    }
    assertMatchesFixture(m, x, f);
  }

  /**
   * Runs {@code x} through {@code m} and backpropagates the fixture's loss: predictions, outputs
   * and final states at 1e-5, the loss, and the gradient of every parameter, of the input ("x":
   * for a token model the embedded vectors) and of the initial states at 1e-4.
   */
  static void assertMatchesFixture(SequenceModel m, SequenceBatch x, Fixture f) {
    boolean lstm = f.text("cell").equals("lstm");
    float[] pred = m.forward(x, Mode.INFERENCE);
    assertClose("pred", pred, f.floats("pred"));
    assertClose("out", m.hiddenStates(), f.floats("out"));
    assertClose("hn", m.finalHidden(), f.floats("hn"));
    if (lstm) {
      assertClose("cn", m.finalCell(), f.floats("cn"));
    }

    PyTorchParityTest.Backward back = PyTorchParityTest.lossAndBackward(m, f, pred);
    assertThat(back.loss()).as("loss").isCloseTo(f.number("loss"), Offset.offset(1e-5));
    float[] dx = back.dx();
    Fixture grads = f.child("grads");
    for (Parameters.Tensor tensor : m.parameters().tensors()) {
      assertGradient(tensor.name(), m.parameters().gradient(tensor.name()),
          grads.floats(tensor.name()));
    }
    assertGradient("x", dx, grads.floats("x"));
    assertGradient("h0", m.initialHiddenGradient(), grads.floats("h0"));
    if (lstm) {
      assertGradient("c0", m.initialCellGradient(), grads.floats("c0"));
    }
  }

  /** The fixture's lengths, a plain JSON list of ints. */
  static int[] lengths(Fixture f) {
    return java.util.Arrays.stream(f.array("lengths")).mapToInt(v -> (int) v).toArray();
  }
}
