package org.lstmlab.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.lstmlab.core.loss.Loss;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.Mode;
import org.lstmlab.core.nn.Parameters;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.optim.Optimizer;

/**
 * The {@link Trainer} on token windows (N, T) with lengths, for a model with an embedding: its
 * batches carry each window's ids and length, so a run equals the same updates done by hand on
 * the batches cut from the data in order.
 */
class TrainerTokenTest {

  private static final int STEPS = 4; // T
  private static final int[] IDS = { // (N = 6, T = 4), padded steps 0
      1, 2, 3, 0,
      4, 4, 0, 0,
      2, 5, 1, 3,
      3, 0, 0, 0,
      5, 1, 2, 0,
      1, 1, 4, 2};
  private static final int[] LENGTHS = {3, 2, 4, 1, 3, 4};
  private static final float[] Y = {0.5f, -1f, 1f, 0.2f, -0.3f, 0.8f}; // (N, O = 1)

  private static SequenceModel model() {
    return SequenceModel.builder(CellType.GRU, 3, 4).embedding(6, 3, 0).seed(12).build();
  }

  @Test
  void fit_tokenWindowsWithLengths_equalsTheSameUpdatesByHand() {
    TrainerConfig config = TrainerConfig.builder().optimizer("sgd").lr(0.1).epochs(1)
        .batchSize(4).shuffle(false).build();
    SequenceModel trained = model();
    TrainingResult r = new Trainer(trained, config).fit(
        SequenceBatch.ofTokens(IDS, 6, STEPS).withLengths(LENGTHS), Y);
    assertThat(r.stopReason()).isEqualTo(StopReason.COMPLETED);

    SequenceModel byHand = model();
    Parameters p = byHand.parameters();
    Optimizer sgd = config.newOptimizer();
    Loss loss = config.newLoss();
    for (int[] range : new int[][] {{0, 4}, {4, 6}}) {
      int n = range[1] - range[0];
      int[] ids = Arrays.copyOfRange(IDS, range[0] * STEPS, range[1] * STEPS);
      float[] y = Arrays.copyOfRange(Y, range[0], range[1]);
      p.zeroGrad();
      byHand.setDropoutSeed(config.seed());
      float[] pred = byHand.forward(SequenceBatch.ofTokens(ids, n, STEPS)
          .withLengths(Arrays.copyOfRange(LENGTHS, range[0], range[1])), Mode.TRAINING);
      float[] dPred = new float[pred.length];
      loss.gradient(pred, y, dPred);
      byHand.backward(dPred);
      sgd.step(p);
    }
    assertThat(trained.parameters().data()).containsExactly(p.data());
    assertThat(trained.parameters().get("embedding.weight"))
        .isNotEqualTo(model().parameters().get("embedding.weight"));
  }

  @Test
  void fit_validationTokenWindows_scoredWithTheirLengths() {
    TrainerConfig config = TrainerConfig.builder().epochs(1).batchSize(6).build();
    SequenceModel m = model();
    SequenceBatch x = SequenceBatch.ofTokens(IDS, 6, STEPS).withLengths(LENGTHS);
    TrainingResult r = new Trainer(m, config).fit(x, Y, x, Y);
    float[] pred = m.predict(x);
    double expected = config.newLoss().value(pred, Y);
    assertThat(r.validationLoss()[0]).isEqualTo(expected);
  }

  @Test
  void fit_wrongKindOfWindows_isRefusedInOneLine() {
    TrainerConfig config = TrainerConfig.builder().epochs(1).build();
    assertThatThrownBy(() -> new Trainer(model(), config).fit(
        SequenceBatch.of(new float[6 * STEPS * 3], 6, STEPS, 3), Y))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("this model reads token ids through an embedding");
    SequenceModel floats = SequenceModel.builder(CellType.GRU, 3, 4).build();
    assertThatThrownBy(() -> new Trainer(floats, config).fit(
        SequenceBatch.ofTokens(IDS, 6, STEPS), Y))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("this call copies float windows");
  }
}
