package org.lstmlab.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lstmlab.core.kernel.Kernels;
import org.lstmlab.core.loss.Mse;
import org.lstmlab.core.optim.Adam;
import org.lstmlab.core.optim.Optimizer;

/**
 * Training with products split over two threads gives bit for bit what one thread gives: the
 * kernel splits only by whole rows or columns of C. The shapes are large enough (a recurrent
 * product of 4 MFLOP) for the kernel to use its threads. With the plain kernel both runs are
 * single-threaded and the test holds trivially.
 */
class ThreadCountTest {

  @ParameterizedTest
  @EnumSource(CellType.class)
  void trainingSteps_twoThreads_bitForBitAsOne(CellType cell) {
    assertSameBits(() -> train(cell), 2, () -> train(cell));
  }

  /** What {@code one} gives on one thread, {@code many} gives on {@code threads}, bit for bit. */
  static void assertSameBits(Supplier<float[]> one, int threads, Supplier<float[]> many) {
    int before = Kernels.matMul().threads();
    try {
      Kernels.setThreads(1);
      float[] reference = one.get();
      Kernels.setThreads(threads);
      assertThat(many.get()).containsExactly(reference);
    } finally {
      Kernels.setThreads(before);
    }
  }

  /** Parameters after three Adam steps on a batch of 32 sequences, I 32, H 128, T 12. */
  private static float[] train(CellType cell) {
    int in = 32;
    int batch = 32;
    int steps = 12;
    SequenceModel m = SequenceModel.builder(cell, in, 128).layers(2).seed(5).build();
    Optimizer adam = Adam.builder().lr(1e-2).build();
    SplittableRandom rng = new SplittableRandom(6);
    float[] x = new float[batch * steps * in];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble(-1, 1);
    }
    float[] y = new float[batch];
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) rng.nextDouble(-1, 1);
    }
    float[] dPred = new float[batch];
    Mse mse = new Mse();
    for (int s = 0; s < 3; s++) {
      m.parameters().zeroGrad();
      float[] pred = m.forward(SequenceBatch.of(x, batch, steps, in), Mode.TRAINING);
      mse.gradient(pred, y, dPred);
      m.backward(dPred);
      adam.step(m.parameters());
    }
    return m.parameters().data().clone();
  }
}
