package org.lstmlab.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Feeding a sequence one step at a time equals running it whole. */
class StatefulInferenceTest {

  @ParameterizedTest
  @EnumSource(CellType.class)
  void timeStep_equalsFullSequence(CellType cell) {
    int in = 2;
    int batch = 3;
    int steps = 9;
    SequenceModel m =
        SequenceModel.builder(cell, in, 6)
            .layers(2)
            .outputSize(2)
            .outputs(SequenceModel.Outputs.ALL)
            .seed(17)
            .build();
    SplittableRandom rng = new SplittableRandom(4);
    float[] x = new float[batch * steps * in];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble(-1, 1);
    }
    float[] whole = m.predict(SequenceBatch.of(x, batch, steps, in)); // (B, T, O)
    float[] hN = m.finalHidden();

    m.resetState();
    for (int t = 0; t < steps; t++) {
      float[] step = new float[batch * in];
      for (int b = 0; b < batch; b++) {
        System.arraycopy(x, (b * steps + t) * in, step, b * in, in);
      }
      float[] out = m.timeStep(step, batch); // (B, O)
      for (int b = 0; b < batch; b++) {
        for (int o = 0; o < 2; o++) {
          // Same operations in the same order: equal to the last bit.
          assertThat(out[b * 2 + o]).as("t=%d b=%d", t, b).isEqualTo(whole[(b * steps + t) * 2 + o]);
        }
      }
    }
    assertThat(m.finalHidden()).containsExactly(hN);
  }

  @ParameterizedTest
  @EnumSource(CellType.class)
  void resetState_startsFromZero(CellType cell) {
    SequenceModel m = SequenceModel.builder(cell, 1, 4).seed(2).build();
    float[] first = m.timeStep(new float[] {0.7f}, 1);
    m.timeStep(new float[] {-0.3f}, 1);
    m.resetState();
    assertThat(m.timeStep(new float[] {0.7f}, 1)).containsExactly(first);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(CellType.class)
  void predict_afterRecurrentWeightsChange_usesTheNewWeights(CellType cell) {
    // Inference keeps W_hh prepared between calls while it is unchanged; a change made straight into
    // the parameter array, with no call to tell the model, must still be seen, in either layer.
    SequenceModel m = SequenceModel.builder(cell, 2, 12).layers(2).outputSize(1).seed(5).build();
    float[] x = new float[3 * 7 * 2];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(0.7 * i);
    }
    float[] before = m.predict(SequenceBatch.of(x, 3, 7, 2));
    assertThat(m.predict(SequenceBatch.of(x, 3, 7, 2))).containsExactly(before);
    for (String name : new String[] {"rnn.weight_hh_l0", "rnn.weight_hh_l1"}) {
      Parameters.Tensor t = m.parameters().tensor(name);
      for (int i = t.offset(); i < t.offset() + t.size(); i++) {
        m.parameters().data()[i] *= 1.5f; // every weight: one alone may feed a dead ReLU unit
      }
      float[] after = m.predict(SequenceBatch.of(x, 3, 7, 2));
      SequenceModel fresh = SequenceModel.builder(cell, 2, 12).layers(2).outputSize(1).seed(6).build();
      fresh.parameters().copyFrom(m.parameters());
      assertThat(after).as(name).containsExactly(fresh.predict(SequenceBatch.of(x, 3, 7, 2)));
      assertThat(after).as(name).isNotEqualTo(before);
      before = after;
    }
  }
}
