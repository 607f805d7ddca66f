package org.lstmlab.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lstmlab.core.kernel.Kernels;

/**
 * Inference with small recurrent products runs each time step in parts by units, one part a
 * thread (Recurrent.stepPart): the same bits as one thread, and as the training-mode forward,
 * which computes each step whole (or, at the shapes that train in parts, in the same parts: there
 * only its forward is compared, its backward summing the recurrent gradient per part). Also the
 * final states, the gates and cells put back in place for views and for a backward after the
 * inference, a weight changed between two calls (the parts pack their rows again), and rows of
 * different lengths (whose ended rows keep their state). H 100 splits into parts of 48 and 52
 * units, H 64 into two of 32, H 37 into 16 and 21, H 70 into 32 and 38; at 1100 steps the gates
 * (1100·G·H floats) are past the size where the input is projected one step at a time. With the
 * plain kernel every run is on one thread and the test holds trivially.
 */
class InferencePartsTest {

  @ParameterizedTest
  @CsvSource({
    "LSTM, 1, 9, 1, 100, 1, false, false", "LSTM, 3, 9, 5, 100, 2, false, false",
    "LSTM, 3, 9, 5, 100, 2, false, true", "LSTM, 2, 9, 4, 64, 1, true, false",
    "LSTM, 1, 9, 2, 37, 1, false, false", "LSTM, 1, 1100, 3, 64, 1, false, false",
    "RNN_TANH, 1, 9, 1, 100, 1, false, false", "RNN_TANH, 3, 9, 5, 100, 2, true, false",
    "RNN_RELU, 2, 9, 3, 70, 2, false, true", "RNN_TANH, 1, 1100, 2, 256, 1, false, false",
    "GRU, 1, 9, 1, 100, 1, false, false", "GRU, 2, 9, 3, 64, 2, true, true",
    "GRU, 1, 1100, 2, 100, 1, false, false"
  })
  void partedInference_bitForBitAsWholeSteps(CellType cell, int batch, int steps, int in,
      int hidden, int layers, boolean bidirectional, boolean ragged) {
    SplittableRandom rng = new SplittableRandom(17);
    float[] x = new float[batch * steps * in];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble(-2, 2);
    }
    SequenceBatch xs = SequenceBatch.of(x, batch, steps, in);
    if (ragged) { // row b ends 3·b steps early
      int[] lengths = new int[batch];
      for (int b = 0; b < batch; b++) {
        lengths[b] = steps - 3 * b;
      }
      xs = xs.withLengths(lengths);
    }
    float[] dPred = new float[batch];
    for (int i = 0; i < batch; i++) {
      dPred[i] = (float) rng.nextDouble(-1, 1);
    }
    int before = Kernels.matMul().threads();
    try {
      Kernels.setThreads(1);
      SequenceModel one = model(cell, in, hidden, layers, bidirectional);
      Run reference = run(one, xs, dPred, Mode.INFERENCE);
      Kernels.setThreads(2);
      SequenceModel two = model(cell, in, hidden, layers, bidirectional);
      Run parted = run(two, xs, dPred, Mode.INFERENCE);
      Run whole = run(two, xs, dPred, Mode.TRAINING);
      // A training in parts has the same forward, but sums the recurrent gradient per part
      // (TrainingPartsTest checks its backward).
      boolean trainedInParts = two.recurrent().trainedInParts();
      for (Run r : new Run[] {parted, whole}) {
        String of = r == parted ? "parted" : "whole";
        sameBits(of + " predictions", r.pred, reference.pred);
        sameBits(of + " predictions after a change", r.changed, reference.changed);
        sameBits(of + " h_n", r.hidden, reference.hidden);
        sameBits(of + " c_n", r.cell, reference.cell);
        sameBits(of + " gates", r.gates, reference.gates);
        sameBits(of + " cells", r.cells, reference.cells);
        if (r == parted || !trainedInParts) {
          sameBits(of + " dx", r.dx, reference.dx);
          sameBits(of + " gradients", r.grad, reference.grad);
        }
      }
    } finally {
      Kernels.setThreads(before);
    }
  }

  /**
   * Two threads predicting with two models at once: one holds the kernel's threads, the other runs
   * its parts one after another on its own thread; both get the bits of a lone call.
   */
  @Test
  void concurrentCallers_getTheBitsOfALoneCall() throws Exception {
    int before = Kernels.matMul().threads();
    try {
      Kernels.setThreads(2);
      SequenceModel[] models = {model(CellType.LSTM, 1, 100, 1, false),
          model(CellType.GRU, 2, 64, 1, false)};
      SplittableRandom rng = new SplittableRandom(29);
      float[][] values = {new float[10], new float[3 * 10 * 2]};
      for (float[] v : values) {
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) rng.nextDouble(-1, 1);
        }
      }
      SequenceBatch[] xs = {SequenceBatch.of(values[0], 1, 10, 1),
          SequenceBatch.of(values[1], 3, 10, 2)};
      float[][] alone = {models[0].predict(xs[0]), models[1].predict(xs[1])};
      AtomicInteger wrong = new AtomicInteger();
      Thread[] callers = new Thread[2];
      for (int k = 0; k < 2; k++) {
        int m = k;
        callers[k] = new Thread(() -> {
          for (int i = 0; i < 2000; i++) {
            if (Arrays.mismatch(models[m].predict(xs[m]), alone[m]) >= 0) {
              wrong.incrementAndGet();
            }
          }
        });
        callers[k].start();
      }
      for (Thread t : callers) {
        t.join();
      }
      assertThat(wrong.get()).as("predictions that differed from a lone call").isZero();
    } finally {
      Kernels.setThreads(before);
    }
  }

  /** Bit for bit (as Float.equals), reporting the first difference: the arrays are long. */
  private static void sameBits(String what, float[] actual, float[] expected) {
    int at = Arrays.mismatch(actual, expected);
    if (at >= 0 && at < Math.min(actual.length, expected.length)) {
      assertThat(actual[at]).as("%s at %d", what, at).isEqualTo(expected[at]);
    }
    assertThat(at).as("%s: lengths %d and %d", what, actual.length, expected.length).isEqualTo(-1);
  }

  private record Run(float[] pred, float[] changed, float[] hidden, float[] cell, float[] gates,
      float[] cells, float[] dx, float[] grad) {}

  /**
   * Predicts twice (packing, then reusing the packed rows), changes one weight of W_hh and one of
   * W_ih and predicts again, then takes a backward of the last forward.
   */
  private static Run run(SequenceModel m, SequenceBatch x, float[] dPred, Mode mode) {
    m.forward(x, mode);
    float[] pred = m.forward(x, mode);
    float[] w = m.parameters().data();
    int hh = m.parameters().tensor("rnn.weight_hh_l0").offset();
    int ih = m.parameters().tensor("rnn.weight_ih_l0").offset();
    float wHh = w[hh + 7];
    float wIh = w[ih + 3];
    w[hh + 7] += 0.25f;
    w[ih + 3] -= 0.5f;
    float[] changed = m.forward(x, mode);
    float[] hidden = m.finalHidden();
    boolean lstm = m.config().cell() == CellType.LSTM;
    float[] cell = lstm ? m.finalCell() : new float[0];
    float[] gates = m.gateActivations(0);
    float[] cells = lstm ? m.cellStates(0) : new float[0];
    m.parameters().zeroGrad();
    float[] dx = m.backward(dPred);
    float[] grad = m.parameters().grad().clone();
    w[hh + 7] = wHh;
    w[ih + 3] = wIh;
    return new Run(pred, changed, hidden, cell, gates, cells, dx, grad);
  }

  private static SequenceModel model(CellType cell, int in, int hidden, int layers,
      boolean bidirectional) {
    return SequenceModel.builder(cell, in, hidden).layers(layers)
        .bidirectional(bidirectional).outputSize(1).seed(23).build();
  }
}
