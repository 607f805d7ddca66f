package org.lstmlab.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lstmlab.core.loss.Loss;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.Mode;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;

/** Trainer.fit on a WindowSource: the same run as on arrays when the source computes alike. */
class WindowSourceTest {

  static final int N = 37;
  static final int NV = 9;
  static final int T = 5;

  static float[] random(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }

  static SequenceModel model() {
    return SequenceModel.builder(CellType.LSTM, 1, 4).outputSize(1).seed(3).build();
  }

  @Test
  void fit_windowSourceComputingLocally_equalsFitOnArrays_bitForBit() {
    float[] x = random(N * T, 1);
    float[] y = random(N, 2);
    float[] xv = random(NV * T, 3);
    float[] yv = random(NV, 4);
    TrainerConfig config = TrainerConfig.builder().epochs(4).batchSize(8).patience(2).seed(5)
        .clip(1).build();
    SequenceModel a = model();
    TrainingResult ra = new Trainer(a, config).fit(SequenceBatch.of(x, N, T, 1), y,
        SequenceBatch.of(xv, NV, T, 1), yv);

    SequenceModel b = model();
    Trainer.WindowSource source = source(b, config.newLoss(), x, y, xv, yv);
    TrainingResult rb = new Trainer(b, config).fit(source, null, null);
    assertThat(b.parameters().data()).containsExactly(a.parameters().data());
    assertThat(rb.epochs()).isEqualTo(ra.epochs());
    assertThat(rb.bestEpoch()).isEqualTo(ra.bestEpoch());
  }

  /** A source over arrays in this JVM that computes as the Trainer does on arrays. */
  static Trainer.WindowSource source(SequenceModel b, Loss loss, float[] x, float[] y,
      float[] xv, float[] yv) {
    return new Trainer.WindowSource() {
      @Override
      public int count() {
        return y.length;
      }

      @Override
      public int validationCount() {
        return yv.length;
      }

      @Override
      public double gradient(int[] order, int from, int size) {
        float[] bx = new float[size * T];
        float[] by = new float[size];
        for (int k = 0; k < size; k++) {
          System.arraycopy(x, order[from + k] * T, bx, k * T, T);
          by[k] = y[order[from + k]];
        }
        float[] pred = b.forward(SequenceBatch.of(bx, size, T, 1), Mode.TRAINING);
        float[] d = new float[pred.length];
        double l = loss.gradient(pred, by, d);
        b.backward(d);
        return l;
      }

      @Override
      public double validationLoss() {
        return loss.value(b.predict(SequenceBatch.of(xv, yv.length, T, 1)), yv);
      }
    };
  }
}
