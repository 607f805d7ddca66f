package org.lstmlab.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lstmlab.core.loss.Mse;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.Mode;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.optim.Adam;
import org.lstmlab.core.optim.GradientClipping;
import org.lstmlab.core.optim.Optimizer;

/** Every random choice comes from the seed: the same seed gives bit-identical training. */
class ReproducibilityTest {

  static float[] train(CellType cell, long seed) {
    SequenceModel m = SequenceModel.builder(cell, 2, 12).layers(2).dropout(0.25).seed(seed).build();
    Optimizer opt = Adam.builder().lr(0.005).build();
    int batch = 4;
    int steps = 7;
    float[] x = new float[batch * steps * 2];
    float[] y = new float[batch];
    float[] dPred = new float[batch];
    for (int it = 0; it < 15; it++) {
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) Math.sin(0.37 * (i + 3 * it));
      }
      for (int b = 0; b < batch; b++) {
        y[b] = (float) Math.cos(0.1 * (b + it));
      }
      m.parameters().zeroGrad();
      float[] pred = m.forward(SequenceBatch.of(x, batch, steps, 2), Mode.TRAINING);
      new Mse().gradient(pred, y, dPred);
      m.backward(dPred);
      GradientClipping.clipByGlobalNorm(m.parameters(), 1.0);
      opt.step(m.parameters());
    }
    return m.parameters().data().clone();
  }

  @ParameterizedTest
  @EnumSource(CellType.class)
  void sameSeed_bitIdenticalParameters_otherSeed_different(CellType cell) {
    float[] a = train(cell, 11);
    float[] b = train(cell, 11);
    float[] c = train(cell, 12);
    for (int i = 0; i < a.length; i++) {
      assertThat(Float.floatToRawIntBits(a[i])).as("bits of parameter %d", i)
          .isEqualTo(Float.floatToRawIntBits(b[i]));
    }
    assertThat(c).isNotEqualTo(a);
  }
}
