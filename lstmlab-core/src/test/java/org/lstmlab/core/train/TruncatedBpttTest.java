package org.lstmlab.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lstmlab.core.loss.Mse;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.Mode;
import org.lstmlab.core.nn.Parameters;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.optim.Optimizer;
import org.lstmlab.core.optim.Sgd;

class TruncatedBpttTest {

  static final int B = 2;
  static final int T = 12;
  static final int K = 4;

  static SequenceModel model(CellType cell) {
    return SequenceModel.builder(cell, 1, 5).outputs(SequenceModel.Outputs.ALL).seed(9).build();
  }

  /**
   * One pass with an optimizer that records each chunk's gradients (after backward, no clipping)
   * and changes nothing, so that the gradients can be compared with a reference.
   */
  static TrainerConfig recording(List<float[]> grads) {
    Optimizer rec = new Optimizer() {
      long steps;

      @Override
      public void step(Parameters p) {
        grads.add(p.grad().clone());
        steps++;
      }

      @Override
      public double lr() {
        return 0;
      }

      @Override
      public void setLr(double lr) {}

      @Override
      public long steps() {
        return steps;
      }

      @Override
      public String name() {
        return "recording";
      }

      @Override
      public Optimizer fresh() {
        return this;
      }
    };
    return TrainerConfig.builder().optimizer(rec).epochs(1).build();
  }

  static float[] random(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextDouble(-1, 1);
    }
    return a;
  }

  @ParameterizedTest
  @EnumSource(CellType.class)
  void oneChunk_equalsFullBptt(CellType cell) {
    float[] x = random(B * T, 1);
    float[] y = random(B * T, 2);
    SequenceModel m = model(cell);
    List<float[]> grads = new ArrayList<>();
    new TruncatedBptt(m, T).fit(SequenceBatch.of(x, B, T, 1), y, recording(grads), null, null);

    SequenceModel full = model(cell);
    float[] pred = full.forward(SequenceBatch.of(x, B, T, 1), Mode.TRAINING);
    float[] d = new float[pred.length];
    new Mse().gradient(pred, y, d);
    full.backward(d);
    assertThat(grads).hasSize(1);
    assertThat(grads.get(0)).containsExactly(full.parameters().grad());
  }

  @ParameterizedTest
  @EnumSource(CellType.class)
  void chunks_carryTheState_butCutTheGradient(CellType cell) {
    float[] x = random(B * T, 3);
    float[] y = random(B * T, 4);
    SequenceModel m = model(cell);
    List<float[]> grads = new ArrayList<>();
    new TruncatedBptt(m, K).fit(SequenceBatch.of(x, B, T, 1), y, recording(grads), null, null);
    assertThat(grads).hasSize(T / K);

    // Reference for chunk 2: the state after steps [0, K), then forward and backward on [K, 2K)
    // from that state, holding it constant.
    SequenceModel ref = model(cell);
    ref.forward(SequenceBatch.of(TruncatedBptt.slice(x, B, T, 1, 0, K), B, K, 1), Mode.TRAINING);
    float[] h = ref.finalHidden();
    float[] c = cell.hasCellState() ? ref.finalCell() : null;
    ref.parameters().zeroGrad();
    float[] pred = ref.forward(SequenceBatch.of(TruncatedBptt.slice(x, B, T, 1, K, K), B, K, 1).withInitialState(h, c), Mode.TRAINING);
    float[] d = new float[pred.length];
    new Mse().gradient(pred, TruncatedBptt.slice(y, B, T, 1, K, K), d);
    ref.backward(d);
    assertThat(grads.get(1)).containsExactly(ref.parameters().grad());

    // Full BPTT of the same chunk loss also reaches back into steps [0, K) through the state,
    // so its gradient differs: the cut is real.
    SequenceModel full = model(cell);
    float[] twoChunks = TruncatedBptt.slice(x, B, T, 1, 0, 2 * K);
    float[] p2 = full.forward(SequenceBatch.of(twoChunks, B, 2 * K, 1), Mode.TRAINING);
    float[] d2 = new float[p2.length];
    float[] y2 = TruncatedBptt.slice(y, B, T, 1, K, K);
    float[] chunkPred = TruncatedBptt.slice(p2, B, 2 * K, 1, K, K);
    float[] chunkGrad = new float[chunkPred.length];
    new Mse().gradient(chunkPred, y2, chunkGrad);
    for (int b = 0; b < B; b++) {
      System.arraycopy(chunkGrad, b * K, d2, b * 2 * K + K, K);
    }
    full.backward(d2);
    assertThat(grads.get(1)).isNotEqualTo(full.parameters().grad());
  }

  @ParameterizedTest
  @EnumSource(CellType.class)
  void lastStepModel_isRejected(CellType cell) {
    SequenceModel last = SequenceModel.builder(cell, 1, 3).build();
    assertThatThrownBy(() -> new TruncatedBptt(last, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outputs ALL");
  }

  /**
   * Two passes of three chunks: the listener hears every chunk and pass, each pass's loss is the
   * chunk losses' mean weighted by their steps (here all K), and the loss falls from pass to pass.
   */
  @Test
  void fit_twoPasses_reportsChunksAndLearns() {
    float[] x = random(B * T, 5);
    float[] y = random(B * T, 6);
    List<Double> chunkLoss = new ArrayList<>();
    List<String> calls = new ArrayList<>();
    TrainingListener l = new TrainingListener() {
      @Override
      public void onEpochEnd(int e, double t, double v, double lr, long ms) {
        calls.add("pass " + e);
        assertThat(v).isNaN();
      }

      @Override
      public void onBatchEnd(int pass, int chunk, int of, double loss) {
        calls.add(pass + "." + chunk + "/" + of);
        chunkLoss.add(loss);
      }

      @Override
      public void onStop(StopReason reason, String message) {
        calls.add(reason + " " + message);
      }
    };
    TrainerConfig c = TrainerConfig.builder().optimizer(Sgd.builder().lr(0.5).build()).epochs(2)
        .build();
    TrainingResult r = new TruncatedBptt(model(CellType.LSTM), K).fit(SequenceBatch.of(x, B, T, 1), y, c, l, null);
    assertThat(calls).containsExactly("1.1/3", "1.2/3", "1.3/3", "pass 1",
        "2.1/3", "2.2/3", "2.3/3", "pass 2", "COMPLETED completed 2 passes");
    assertThat(r.steps()).isEqualTo(6);
    for (int p = 0; p < 2; p++) {
      double mean = (chunkLoss.get(3 * p) * K + chunkLoss.get(3 * p + 1) * K
          + chunkLoss.get(3 * p + 2) * K) / T;
      assertThat(r.trainLoss()[p]).isEqualTo(mean);
    }
    assertThat(r.trainLoss()[1]).isLessThan(r.trainLoss()[0]);
  }

  /** Cancelled after the second chunk: the third is never trained on. */
  @Test
  void fit_cancelled_stopsBeforeTheNextChunk() {
    AtomicBoolean cancel = new AtomicBoolean();
    List<float[]> grads = new ArrayList<>();
    TrainingListener l = new TrainingListener() {
      @Override
      public void onEpochEnd(int e, double t, double v, double lr, long ms) {}

      @Override
      public void onBatchEnd(int pass, int chunk, int of, double loss) {
        cancel.set(chunk == 2);
      }
    };
    TrainingResult r = new TruncatedBptt(model(CellType.GRU), K)
        .fit(SequenceBatch.of(random(B * T, 7), B, T, 1), random(B * T, 8), recording(grads), l, cancel::get);
    assertThat(r.stopReason()).isEqualTo(StopReason.CANCELLED);
    assertThat(r.message()).isEqualTo("cancelled at pass 1, chunk 3 of 3");
    assertThat(grads).hasSize(2);
    assertThat(r.steps()).isEqualTo(2);
    assertThat(r.epochs()).isZero();
  }

  @Test
  void fit_patience_isRejected() {
    TrainerConfig c = TrainerConfig.builder().patience(2).build();
    assertThatThrownBy(() -> new TruncatedBptt(model(CellType.LSTM), K)
        .fit(SequenceBatch.of(random(B * T, 1), B, T, 1), random(B * T, 2), c, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("patience 2 needs validation windows");
  }
}
