package org.lstmlab.core.nn;

import static org.lstmlab.core.nn.GradientCheckTest.assertModelMatches;
import static org.lstmlab.core.nn.GradientCheckTest.assertStackMatches;
import static org.lstmlab.core.nn.GradientCheckTest.epsFor;
import static org.lstmlab.core.nn.GradientCheckTest.gaussian;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlab.f64.nn.CellType;
import org.lstmlab.f64.nn.Recurrent;
import org.lstmlab.f64.nn.SequenceBatch;
import org.lstmlab.f64.nn.SequenceModel;

/**
 * Central-difference gradient checks, in double precision on the generated twin (see {@link
 * GradientCheckTest} for the method and its tolerance 1e-6), of bidirectional stacks and of
 * batches whose rows have different lengths: every parameter of both directions, every input
 * element (the padded ones included: their gradient must be 0, and so must the numeric one, since
 * padding changes nothing), every initial-state element.
 */
class BidirectionalGradientCheckTest {

  /** Row lengths of a batch of 3 over T = 5: unsorted, one full, one of a single step. */
  private static final int[] LENGTHS = {3, 5, 1};

  static Stream<Arguments> stacks() {
    List<Arguments> cases = new ArrayList<>();
    for (CellType cell : CellType.values()) {
      for (int layers : new int[] {1, 2}) {
        cases.add(Arguments.of(cell, layers, true, false));
        cases.add(Arguments.of(cell, layers, false, true));
        cases.add(Arguments.of(cell, layers, true, true));
      }
    }
    return cases.stream();
  }

  /** L = Σ out ⊙ Wo + Σ hN ⊙ Wh + Σ cN ⊙ Wc over the (B, T, 2H) outputs and (2L, B, H) states. */
  @ParameterizedTest(name = "{0} layers={1} bidirectional={2} lengths={3}")
  @MethodSource("stacks")
  void backward_matchesCentralDifferences(
      CellType cell, int layers, boolean bidirectional, boolean withLengths) {
    int in = 3;
    int hidden = 3;
    int steps = 5;
    int batch = 3;
    int dirs = bidirectional ? 2 : 1;
    SplittableRandom rng = new SplittableRandom(77L * cell.ordinal() + 7L * layers + dirs);
    Recurrent rnn = Recurrent.create(
        new Recurrent.Config(cell, in, hidden, layers, 0.0, false, bidirectional), 42);
    double[] x = gaussian(rng, batch * steps * in, 1.0);
    double[] h0 = gaussian(rng, layers * dirs * batch * hidden, 0.5);
    double[] c0 = cell.hasCellState() ? gaussian(rng, h0.length, 0.5) : null;
    double[] wo = gaussian(rng, batch * steps * dirs * hidden, 1.0);
    double[] wh = gaussian(rng, h0.length, 1.0);
    double[] wc = cell.hasCellState() ? gaussian(rng, h0.length, 1.0) : null;
    SequenceBatch input = SequenceBatch.of(x, batch, steps, in).withInitialState(h0, c0)
        .withLengths(withLengths ? LENGTHS : null);
    assertStackMatches(rnn, input, x, h0, c0, wo, wh, wc, epsFor(cell), floor(cell));
  }

  /**
   * Below which a gradient is compared absolutely. ReLU's difference step of 1e-5 leaves a
   * rounding error of about u·|L|/ε ≈ 1e-11 in the numeric gradient, 1e-5 relative to a gradient
   * of 1e-6: gradients below 1e-4 are compared at 1e-10 absolute. The smooth cells' ε = 1e-3
   * leaves 1e-13, and GradientCheckTest's floor 1e-6.
   */
  private static double floor(CellType cell) {
    return cell == CellType.RNN_RELU ? 1e-4 : 1e-6;
  }

  /**
   * The whole model, head on the last states (both directions' h_n) or on every step, MSE loss,
   * with dropout 0.3 between two layers (the same masks in every forward, by the dropout seed).
   * Through dropout, two layers and a mean over every step the input gradients are small (about
   * 1e-3): the non-zero guard asks 1e-4 here.
   */
  @ParameterizedTest(name = "{0} layers={1} bidirectional={2} lengths={3}")
  @MethodSource("stacks")
  void modelBackward_withHeadAndDropout_matchesCentralDifferences(
      CellType cell, int layers, boolean bidirectional, boolean withLengths) {
    int in = 2;
    int hidden = 3;
    int steps = 5;
    int batch = 3;
    int outSize = 2;
    SplittableRandom rng = new SplittableRandom(500L + 31L * cell.ordinal() + 7L * layers);
    for (SequenceModel.Outputs outputs : SequenceModel.Outputs.values()) {
      SequenceModel model = SequenceModel.builder(cell, in, hidden)
          .layers(layers)
          .bidirectional(bidirectional)
          .dropout(layers > 1 ? 0.3 : 0.0)
          .outputSize(outSize)
          .outputs(outputs)
          .seed(5)
          .build();
      int predLen =
          outputs == SequenceModel.Outputs.LAST ? batch * outSize : batch * steps * outSize;
      double[] x = gaussian(rng, batch * steps * in, 1.0);
      double[] y = gaussian(rng, predLen, 1.0);
      SequenceBatch input =
          SequenceBatch.of(x, batch, steps, in).withLengths(withLengths ? LENGTHS : null);
      assertModelMatches(
          outputs.toString(), model, input, x, y, epsFor(cell), floor(cell), 1e-4);
    }
  }
}
