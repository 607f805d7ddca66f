package org.lstmlab.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlab.core.loss.Mse;
import org.lstmlab.core.optim.Adam;
import org.lstmlab.core.optim.Optimizer;

/**
 * Training in parts (Recurrent.trainingParts): a forward and a backward split by units, whose
 * recurrent gradient is summed per part and then across parts. The shapes are the smallest that
 * train in parts: a step's recurrent product of at least 5·10⁴ floating-point operations.
 *
 * <p>The backward in parts against central differences on the double-precision twin (every input,
 * every third element of the initial states, twelve elements spread over each tensor, which reach
 * each gate's rows in each part), the float engine against the twin, bit-for-bit the same training
 * on one thread and on two (the parts' split and their sums do not depend on the threads; Adam runs
 * each part's rows on its thread through Parameters.forEachRange), and zeroGrad's share that the
 * parts pay.
 */
class TrainingPartsTest {

  /** Cell, hidden size, batch: each trains in parts. */
  static Stream<Arguments> shapes() {
    List<Arguments> cases = new ArrayList<>();
    Object[][] shapes = {
      {CellType.LSTM, 64, 2}, {CellType.GRU, 64, 3}, {CellType.RNN_TANH, 160, 1},
      {CellType.RNN_RELU, 160, 1}
    };
    for (Object[] s : shapes) {
      cases.add(Arguments.of(s[0], s[1], s[2], 1, false));
      if (((CellType) s[0]).gates() > 1) { // the RNNs' H 160 two-layer stacks are slow to check
        cases.add(Arguments.of(s[0], s[1], s[2], 2, true));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} H={1} B={2} layers={3} bidirectional={4}")
  @MethodSource("shapes")
  void backwardInParts_matchesCentralDifferences(
      CellType cell, int hidden, int batch, int layers, boolean bidirectional) {
    org.lstmlab.f64.nn.CellType c = org.lstmlab.f64.nn.CellType.valueOf(cell.name());
    int in = 3;
    int steps = 4;
    int d = bidirectional ? 2 : 1;
    org.lstmlab.f64.nn.Recurrent rnn = org.lstmlab.f64.nn.Recurrent.create(
        new org.lstmlab.f64.nn.Recurrent.Config(c, in, hidden, layers, layers > 1 ? 0.25 : 0,
            false, bidirectional), 42);
    SplittableRandom rng = new SplittableRandom(17L * cell.ordinal() + layers);
    int states = layers * d * batch * hidden;
    double[] x = GradientCheckTest.gaussian(rng, batch * steps * in, 1.0);
    double[] h0 = GradientCheckTest.gaussian(rng, states, 0.5);
    double[] c0 = c.hasCellState() ? GradientCheckTest.gaussian(rng, states, 0.5) : null;
    double[] wo = GradientCheckTest.gaussian(rng, batch * steps * d * hidden, 1.0);
    double[] wh = GradientCheckTest.gaussian(rng, states, 1.0);
    double[] wc = c0 == null ? null : GradientCheckTest.gaussian(rng, states, 1.0);
    org.lstmlab.f64.nn.SequenceBatch input =
        org.lstmlab.f64.nn.SequenceBatch.of(x, batch, steps, in).withInitialState(h0, c0);
    DoubleSupplier loss = () -> {
      rnn.setDropoutSeed(99);
      double[] out = rnn.forward(input, org.lstmlab.f64.nn.Mode.TRAINING);
      double l = GradientCheckTest.dot(out, wo) + GradientCheckTest.dot(rnn.finalHidden(), wh);
      return c0 == null ? l : l + GradientCheckTest.dot(rnn.finalCell(), wc);
    };
    // The twin is the float engine's source: the float engine of this shape trains in parts.
    Recurrent twinOf = Recurrent.create(
        new Recurrent.Config(cell, in, hidden, layers, 0, false, bidirectional), 42);
    twinOf.forward(SequenceBatch.of(new float[batch * steps * in], batch, steps, in),
        Mode.TRAINING);
    assertThat(twinOf.trainedInParts()).as("trained in parts").isTrue();
    org.lstmlab.f64.nn.Parameters p = rnn.parameters();
    p.zeroGrad();
    loss.getAsDouble();
    double[] dx = rnn.backward(wo, wh, wc);
    double eps = GradientCheckTest.epsFor(c);
    assertSampleMatches("x", dx, x, 0, x.length, 1, loss, eps);
    assertSampleMatches("h0", rnn.initialHiddenGradient(), h0, 0, states, 3, loss, eps);
    if (c0 != null) {
      assertSampleMatches("c0", rnn.initialCellGradient(), c0, 0, states, 3, loss, eps);
    }
    double[] grad = p.grad().clone();
    for (org.lstmlab.f64.nn.Parameters.Tensor t : p.tensors()) {
      // 12 elements spread over the tensor: some of each gate's rows of each part
      int stride = Math.max(1, t.size() / 12);
      assertSampleMatches(t.name(), grad, p.data(), t.offset(), t.offset() + t.size(), stride,
          loss, eps);
    }
  }

  @ParameterizedTest(name = "{0} H={1} B={2} layers={3} bidirectional={4}")
  @MethodSource("shapes")
  void floatEngineInParts_agreesWithDoubleTwin(
      CellType cell, int hidden, int batch, int layers, boolean bidirectional) {
    int in = 3;
    int steps = 5;
    Recurrent f = Recurrent.create(
        new Recurrent.Config(cell, in, hidden, layers, 0, false, bidirectional), 8);
    org.lstmlab.f64.nn.Recurrent t = org.lstmlab.f64.nn.Recurrent.create(
        new org.lstmlab.f64.nn.Recurrent.Config(org.lstmlab.f64.nn.CellType.valueOf(cell.name()),
            in, hidden, layers, 0, false, bidirectional), 8);
    float[] pf = f.parameters().data();
    double[] pt = t.parameters().data();
    for (int i = 0; i < pf.length; i++) {
      pt[i] = pf[i];
    }
    SplittableRandom rng = new SplittableRandom(5);
    float[] x = new float[batch * steps * in];
    double[] xt = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble(-2, 2);
      xt[i] = x[i];
    }
    int w = (bidirectional ? 2 : 1) * hidden;
    float[] dOut = new float[batch * steps * w];
    double[] dOutT = new double[dOut.length];
    for (int i = 0; i < dOut.length; i++) {
      dOut[i] = (float) rng.nextDouble(-1, 1);
      dOutT[i] = dOut[i];
    }
    f.parameters().zeroGrad();
    t.parameters().zeroGrad();
    f.forward(SequenceBatch.of(x, batch, steps, in), Mode.TRAINING);
    t.forward(org.lstmlab.f64.nn.SequenceBatch.of(xt, batch, steps, in),
        org.lstmlab.f64.nn.Mode.TRAINING);
    assertThat(f.trainedInParts()).as("float trained in parts").isTrue();
    float[] dx = f.backward(dOut, null, null);
    double[] dxT = t.backward(dOutT, null, null);
    assertClose("x", dx, dxT);
    assertClose("parameters", f.parameters().grad(), t.parameters().grad());
    assertClose("h0", f.initialHiddenGradient(), t.initialHiddenGradient());
  }

  /** Float gradients within float rounding of the twin's: 1e-4 relative to max(|twin|, 1e-2). */
  private static void assertClose(String what, float[] f, double[] t) {
    assertThat(f).as(what).hasSize(t.length);
    double worst = 0;
    for (int i = 0; i < f.length; i++) {
      worst = Math.max(worst, Math.abs(f[i] - t[i]) / Math.max(Math.abs(t[i]), 1e-2));
    }
    assertThat(worst).as(what + ": worst relative difference").isLessThan(1e-4);
  }

  /**
   * Every stride-th element of [from, to) (from stride / 2 on) of the analytic gradient against
   * the fourth-order central difference, as GradientCheckTest checks every element: within 1e-6
   * relative, or the difference's own rounding error.
   */
  private static void assertSampleMatches(String what, double[] analytic, double[] values,
      int from, int to, int stride, DoubleSupplier loss, double eps) {
    assertThat(analytic).as(what + " gradient length").hasSameSizeAs(values);
    // The difference's rounding error, about u·|L|/ε, with a margin of 100: these models' losses
    // sum thousands of terms (GradientCheckTest's, a few dozen).
    double noise = 100 * Math.ulp(1.0) * Math.abs(loss.getAsDouble()) / eps;
    double largest = 0;
    for (int i = from + stride / 2; i < to; i += stride) {
      double numeric = GradientCheckTest.centralDifference(values, i, loss, eps);
      double scale = Math.max(Math.abs(analytic[i]), Math.abs(numeric));
      assertThat(analytic[i]).as("%s[%d]", what, i)
          .isCloseTo(numeric, within(1e-6 * scale + noise));
      largest = Math.max(largest, Math.abs(numeric));
    }
    assertThat(largest).as(what + " largest |gradient|").isGreaterThan(1e-4);
  }

  /**
   * Three Adam steps of a model that trains in parts, on one thread and on two: the same bits.
   * With the plain kernel both runs are on one thread and the test holds trivially.
   */
  @Test
  void trainingInParts_twoThreads_bitForBitAsOne() {
    ThreadCountTest.assertSameBits(() -> train(false), 2, () -> train(false));
  }

  /**
   * After zeroGrad, the parts' rows of the gradients are zeroed by the backward in parts on their
   * threads (Parameters.zeroGrad): the same bits as zeroing first, over gradients left full of
   * 7s, for a backward in parts, for a backward of whole steps by the same model (a batch too large
   * for parts), and with the gradients read between zeroGrad and the backward.
   */
  @Test
  void zeroGradPaidByTheParts_sameBitsAsZeroingFirst() {
    SequenceModel m = SequenceModel.builder(CellType.LSTM, 3, 64).layers(2).seed(5).build();
    for (int batch : new int[] {2, 64}) {
      SplittableRandom rng = new SplittableRandom(batch);
      float[] x = new float[batch * 6 * 3];
      float[] dPred = new float[batch];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) rng.nextDouble(-1, 1);
      }
      for (int i = 0; i < batch; i++) {
        dPred[i] = (float) rng.nextDouble(-1, 1);
      }
      SequenceBatch xs = SequenceBatch.of(x, batch, 6, 3);
      float[][] grads = new float[2][];
      for (int readFirst = 0; readFirst < 2; readFirst++) {
        m.forward(xs, Mode.TRAINING);
        m.backward(dPred);
        java.util.Arrays.fill(m.parameters().grad(), 7f);
        m.parameters().zeroGrad();
        if (readFirst == 1) {
          assertThat(m.parameters().grad()).containsOnly(0f);
        }
        m.forward(xs, Mode.TRAINING);
        assertThat(m.recurrent().trainedInParts()).as("batch %d in parts", batch)
            .isEqualTo(batch == 2);
        m.backward(dPred);
        grads[readFirst] = m.parameters().grad().clone();
      }
      assertThat(grads[0]).as("batch %d", batch).containsExactly(grads[1]);
    }
  }

  /**
   * On four threads inference runs in four parts and training in two: predictions between the
   * training steps rebuild the parts each time, and the training still gives the bits of one
   * thread's.
   */
  @Test
  void predictionsBetweenSteps_inOtherParts_sameTraining() {
    ThreadCountTest.assertSameBits(() -> train(false), 4, () -> train(true));
  }

  private static float[] train(boolean predictBetween) {
    int in = 3;
    int batch = 2;
    int steps = 10;
    SequenceModel m = SequenceModel.builder(CellType.LSTM, in, 64).layers(2).seed(5).build();
    Optimizer adam = Adam.builder().lr(1e-2).build();
    SplittableRandom rng = new SplittableRandom(6);
    float[] x = new float[batch * steps * in];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble(-1, 1);
    }
    float[] y = {0.5f, -0.25f};
    float[] dPred = new float[batch];
    Mse mse = new Mse();
    for (int s = 0; s < 3; s++) {
      m.parameters().zeroGrad();
      float[] pred = m.forward(SequenceBatch.of(x, batch, steps, in), Mode.TRAINING);
      assertThat(m.recurrent().trainedInParts()).isTrue();
      mse.gradient(pred, y, dPred);
      m.backward(dPred);
      adam.step(m.parameters());
      if (predictBetween) {
        m.predict(SequenceBatch.of(x, batch, steps, in));
      }
    }
    return m.parameters().data().clone();
  }
}
