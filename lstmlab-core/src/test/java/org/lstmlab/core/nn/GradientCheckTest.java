package org.lstmlab.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlab.f64.nn.CellType;
import org.lstmlab.f64.nn.Mode;
import org.lstmlab.f64.nn.Parameters;
import org.lstmlab.f64.nn.Recurrent;
import org.lstmlab.f64.nn.SequenceBatch;
import org.lstmlab.f64.nn.SequenceModel;

/**
 * Central-difference gradient checks of backpropagation through time, in double precision.
 *
 * <p>The classes under test are the double-precision twin ({@code org.lstmlab.f64}), generated at
 * build time from the very source of the float engine with {@code float} replaced by {@code
 * double} (see the core POM): checking the twin checks the engine's algorithm, and {@link
 * F64TwinTest} checks that the float engine agrees with the twin to float rounding.
 *
 * <p>Each check perturbs every parameter, every input element and every initial-state element and
 * compares the analytic gradient with the fourth-order central difference (8(L(θ+ε) − L(θ−ε)) −
 * (L(θ+2ε) − L(θ−2ε))) / 12ε, ε = 1e-3. Its truncation error is O(ε⁴·L⁽⁵⁾) ≈ 1e-13 and its rounding
 * error O(u·|L|/ε) ≈ 1e-13 for u = 1.1e-16; the two-point difference would leave a rounding error
 * near 1e-10, too coarse to resolve 1e-6 on gradients of 1e-4. A correct backward agrees to far
 * better than the 1e-6 asked; a missing term shows as an error of order 1. The relative error is
 * |a − n| / max(|a|, |n|, 1e-6): gradients below 1e-6 are compared absolutely.
 */
class GradientCheckTest {

  private static final double EPS = 1e-3;
  /** relu has a kink at 0: a smaller step keeps pre-activations near 0 from crossing it. */
  private static final double EPS_RELU = 1e-5;
  private static final double TOLERANCE = 1e-6;

  static Stream<Arguments> stacks() {
    List<Arguments> cases = new ArrayList<>();
    for (CellType cell : CellType.values()) {
      for (int layers : new int[] {1, 2}) {
        for (int batch : new int[] {1, 3}) {
          cases.add(Arguments.of(cell, layers, batch));
        }
      }
    }
    return cases.stream();
  }

  /** L = Σ out ⊙ Wo + Σ hN ⊙ Wh + Σ cN ⊙ Wc, so that every output step and both final states matter. */
  @ParameterizedTest(name = "{0} layers={1} batch={2}")
  @MethodSource("stacks")
  void backward_matchesCentralDifferences(CellType cell, int layers, int batch) {
    int in = 3;
    int hidden = 4;
    int steps = 5;
    SplittableRandom rng = new SplittableRandom(31L * cell.ordinal() + 7L * layers + batch);
    Recurrent rnn =
        Recurrent.create(new Recurrent.Config(cell, in, hidden, layers, 0.0, false), 42);
    double[] x = gaussian(rng, batch * steps * in, 1.0);
    double[] h0 = gaussian(rng, layers * batch * hidden, 0.5);
    double[] c0 = cell.hasCellState() ? gaussian(rng, layers * batch * hidden, 0.5) : null;
    double[] wo = gaussian(rng, batch * steps * hidden, 1.0);
    double[] wh = gaussian(rng, layers * batch * hidden, 1.0);
    double[] wc = cell.hasCellState() ? gaussian(rng, layers * batch * hidden, 1.0) : null;
    // The batch is a view: the perturbations of x, h0 and c0 below reach the forward pass.
    SequenceBatch input = SequenceBatch.of(x, batch, steps, in).withInitialState(h0, c0);
    assertStackMatches(rnn, input, x, h0, c0, wo, wh, wc, epsFor(cell), 1e-6);
  }

  /**
   * The stack's gradients of L = Σ out ⊙ wo + Σ hN ⊙ wh (+ Σ cN ⊙ wc) with respect to every
   * parameter and to x, h0 and c0 (input's values and states, perturbed in place) against central
   * differences; see {@link #assertMatches} for floor.
   */
  static void assertStackMatches(Recurrent rnn, SequenceBatch input, double[] x, double[] h0,
      double[] c0, double[] wo, double[] wh, double[] wc, double eps, double floor) {
    DoubleSupplier loss =
        () -> {
          double[] out = rnn.forward(input, Mode.INFERENCE);
          double l = dot(out, wo) + dot(rnn.finalHidden(), wh);
          return c0 == null ? l : l + dot(rnn.finalCell(), wc);
        };
    Parameters p = rnn.parameters();
    p.zeroGrad();
    rnn.forward(input, Mode.INFERENCE);
    double[] dx = rnn.backward(wo, wh, wc);
    double[] dh0 = rnn.initialHiddenGradient();
    double[] dc0 = c0 == null ? null : rnn.initialCellGradient();
    double[] grad = p.grad().clone();

    assertMatches("parameters", grad, p.data(), loss, eps, floor, 1e-3);
    assertMatches("x", dx, x, loss, eps, floor, 1e-3);
    assertMatches("h0", dh0, h0, loss, eps, floor, 1e-3);
    if (c0 != null) {
      assertMatches("c0", dc0, c0, loss, eps, floor, 1e-3);
    }
  }

  /** The whole model with its head and an MSE loss, including dropout between layers. */
  @ParameterizedTest(name = "{0} layers={1} batch={2}")
  @MethodSource("stacks")
  void modelBackward_withHeadAndDropout_matchesCentralDifferences(
      CellType cell, int layers, int batch) {
    int in = 2;
    int hidden = 4;
    int steps = 4;
    int outSize = 2;
    SplittableRandom rng = new SplittableRandom(1000L + 31L * cell.ordinal() + 7L * layers + batch);
    for (SequenceModel.Outputs outputs : SequenceModel.Outputs.values()) {
      SequenceModel model =
          SequenceModel.builder(cell, in, hidden)
              .layers(layers)
              .dropout(layers > 1 ? 0.3 : 0.0)
              .outputSize(outSize)
              .outputs(outputs)
              .seed(5)
              .build();
      int predLen = outputs == SequenceModel.Outputs.LAST ? batch * outSize : batch * steps * outSize;
      double[] x = gaussian(rng, batch * steps * in, 1.0);
      double[] y = gaussian(rng, predLen, 1.0);
      SequenceBatch input = SequenceBatch.of(x, batch, steps, in);
      assertModelMatches(outputs.toString(), model, input, x, y, epsFor(cell), 1e-6, 1e-3);
    }
  }

  /**
   * The model's parameter and input gradients for L = MSE(forward(input, TRAINING), y) against
   * central differences, the dropout masks drawn alike in every forward (dropout seed 99); x is
   * input's values, perturbed in place, or null for a batch of token ids (no input gradient).
   * See {@link #assertMatches} for floor and the guard.
   */
  static void assertModelMatches(String what, SequenceModel model, SequenceBatch input,
      double[] x, double[] y, double eps, double floor, double nonZeroAtLeast) {
    DoubleSupplier loss =
        () -> {
          model.setDropoutSeed(99);
          double[] pred = model.forward(input, Mode.TRAINING);
          double s = 0;
          for (int i = 0; i < pred.length; i++) {
            s += (pred[i] - y[i]) * (pred[i] - y[i]);
          }
          return s / pred.length;
        };
    Parameters p = model.parameters();
    p.zeroGrad();
    model.setDropoutSeed(99);
    double[] pred = model.forward(input, Mode.TRAINING);
    double[] dPred = new double[pred.length];
    for (int i = 0; i < pred.length; i++) {
      dPred[i] = 2 * (pred[i] - y[i]) / pred.length;
    }
    double[] dx = model.backward(dPred);
    double[] grad = p.grad().clone();
    assertMatches(what + " parameters", grad, p.data(), loss, eps, floor, nonZeroAtLeast);
    if (x != null) { // null for token ids, which have no gradient
      assertMatches(what + " x", dx, x, loss, eps, floor, nonZeroAtLeast);
    }
  }

  /** Perturbs each element of {@code values} in place and compares with {@code analytic}. */
  static void assertMatches(
      String what, double[] analytic, double[] values, DoubleSupplier loss, double eps) {
    assertMatches(what, analytic, values, loss, eps, 1e-6, 1e-3);
  }

  /**
   * As above, gradients below {@code floor} compared absolutely (relative to floor), and at least
   * one |gradient| above {@code nonZeroAtLeast} required.
   */
  static void assertMatches(String what, double[] analytic, double[] values, DoubleSupplier loss,
      double eps, double floor, double nonZeroAtLeast) {
    assertThat(analytic).as(what + " gradient length").hasSameSizeAs(values);
    double worst = 0;
    int worstAt = -1;
    String worstDetail = "";
    double nonZero = 0;
    for (int i = 0; i < values.length; i++) {
      double numeric = centralDifference(values, i, loss, eps);
      double err =
          Math.abs(analytic[i] - numeric)
              / Math.max(Math.max(Math.abs(analytic[i]), Math.abs(numeric)), floor);
      nonZero = Math.max(nonZero, Math.abs(numeric));
      if (err > worst) {
        worst = err;
        worstAt = i;
        worstDetail = "analytic " + analytic[i] + ", numeric " + numeric;
      }
    }
    assertThat(worst)
        .as("%s: worst relative error at flat index %d (%s)", what, worstAt, worstDetail)
        .isLessThan(TOLERANCE);
    // Guard against a vacuous pass: the gradient must not be all zeros.
    assertThat(nonZero).as(what + " largest |gradient|").isGreaterThan(nonZeroAtLeast);
  }

  /** ∂L/∂values[i] by the fourth-order central difference (see the class comment). */
  static double centralDifference(double[] values, int i, DoubleSupplier loss, double eps) {
    double v = values[i];
    values[i] = v + eps;
    double up = loss.getAsDouble();
    values[i] = v - eps;
    double down = loss.getAsDouble();
    values[i] = v + 2 * eps;
    double up2 = loss.getAsDouble();
    values[i] = v - 2 * eps;
    double down2 = loss.getAsDouble();
    values[i] = v;
    return (8 * (up - down) - (up2 - down2)) / (12 * eps);
  }

  static double epsFor(CellType cell) {
    return cell == CellType.RNN_RELU ? EPS_RELU : EPS;
  }

  static double[] gaussian(SplittableRandom rng, int n, double scale) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      // Box-Muller: SplittableRandom has no nextGaussian on JDK 17.
      double u = 1.0 - rng.nextDouble();
      a[i] = scale * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
    return a;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
