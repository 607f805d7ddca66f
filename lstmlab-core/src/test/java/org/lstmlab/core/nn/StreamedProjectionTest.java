package org.lstmlab.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A layer whose gates would not fit in cache (B·T·G·H above 2^18) projects its input step by
 * step, right before each recurrent product; a smaller one projects all steps at once. Both start
 * the gates from the bias and add the projection to it. A row of a large batch must therefore be,
 * bit for bit, what the same sequence gives alone (B = 1, all steps at once), for every cell, and
 * in training as in inference. The input is wider than the vector kernel's block of the inner
 * dimension (256), where the order in which the bias and the blocks' sums are added shows in the
 * bits: with another order on one path, or a step's rows of the projection written to another
 * step's, the rows would differ.
 */
class StreamedProjectionTest {

  private static final int IN = 260; // wider than the vector kernel's block of 256
  private static final int HIDDEN = 128;
  private static final int BATCH = 64;
  private static final int STEPS = 40; // 64·40·128 = 327680 gate values for the RNN's one gate

  @ParameterizedTest
  @EnumSource(CellType.class)
  void rowsOfAStreamedBatch_equalEachSequenceAlone(CellType cell) {
    SplittableRandom rng = new SplittableRandom(5);
    float[] x = new float[BATCH * STEPS * IN];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble(-2, 2);
    }
    SequenceModel batched = model(cell);
    SequenceModel alone = model(cell);
    for (Mode mode : Mode.values()) {
      float[] all = batched.forward(SequenceBatch.of(x, BATCH, STEPS, IN), mode);
      assertThat(all).hasSize(BATCH * 2);
      for (int b : new int[] {0, 1, 31, 63}) {
        float[] one = Arrays.copyOfRange(x, b * STEPS * IN, (b + 1) * STEPS * IN);
        float[] expected = alone.forward(SequenceBatch.of(one, 1, STEPS, IN), mode);
        assertThat(Arrays.copyOfRange(all, 2 * b, 2 * b + 2))
            .as("%s, %s, row %d", cell, mode, b)
            .containsExactly(expected);
      }
    }
  }

  private static SequenceModel model(CellType cell) {
    return SequenceModel.builder(cell, IN, HIDDEN).outputSize(2).seed(13).build();
  }
}
