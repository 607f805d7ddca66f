package org.lstmlab.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EpochRulesTest {

  @Test
  void afterEpoch_noLowerLossForPatience_stopsAndFinishRestoresTheBestEpoch() {
    float[] w = {0f};
    EpochRules rules = new EpochRules(2, 10, w);
    double[] val = {3.0, 2.0, 2.5, 2.6};
    TrainingLoop.Stop stop = null;
    for (int e = 1; e <= val.length && stop == null; e++) {
      w[0] = e; // the parameters after epoch e
      stop = rules.afterEpoch(e, val[e - 1], "");
    }

    assertThat(stop.reason()).isEqualTo(StopReason.EARLY_STOPPED);
    assertThat(stop.message()).isEqualTo(
        "early stopping at epoch 4: no lower validation loss for 2 epochs");
    assertThat(rules.finish(stop.message())).isEqualTo("early stopping at epoch 4: no lower"
        + " validation loss for 2 epochs; best epoch 2 restored (validation loss 2.000)");
    assertThat(w[0]).isEqualTo(2f);
  }

  @Test
  void afterEpoch_nonFiniteLoss_diverges_andWithoutPatienceKeepsTheLastParameters() {
    float[] w = {7f};
    EpochRules rules = new EpochRules(0, 5, w);
    assertThat(rules.afterEpoch(1, 1.0, "")).isNull();
    w[0] = 8f;

    TrainingLoop.Stop stop = rules.afterEpoch(2, Double.NaN, "; try a lower lr");

    assertThat(stop.reason()).isEqualTo(StopReason.DIVERGED);
    assertThat(stop.message()).isEqualTo(
        "training diverged at epoch 2: validation loss is NaN; try a lower lr");
    assertThat(rules.finish(null)).isEqualTo("completed 5 epochs");
    assertThat(w[0]).isEqualTo(8f);
    assertThat(rules.bestEpoch()).isEqualTo(1);
  }

  @Test
  void restore_snapshotMidRun_continuesAsTheUninterruptedRules() {
    float[] w = {0f};
    EpochRules whole = new EpochRules(2, 10, w);
    w[0] = 1f;
    whole.afterEpoch(1, 1.0, "");
    EpochRules.Snapshot after1 = whole.snapshot();
    w[0] = 2f;
    assertThat(whole.afterEpoch(2, 1.5, "")).isNull();

    EpochRules resumed = new EpochRules(2, 10, w);
    resumed.restore(after1);
    // One more epoch without a lower loss reaches the patience of 2 in both.
    assertThat(resumed.afterEpoch(2, 1.5, "")).isNull();
    assertThat(resumed.afterEpoch(3, 1.2, "").reason()).isEqualTo(StopReason.EARLY_STOPPED);
    assertThat(whole.afterEpoch(3, 1.2, "").reason()).isEqualTo(StopReason.EARLY_STOPPED);
    assertThat(resumed.finish(null)).endsWith("best epoch 1 restored (validation loss 1.000)");
    assertThat(w[0]).isEqualTo(1f);
  }

  @Test
  void shuffle_fisherYates_matchesTheHandDrawnSwaps() {
    int[] order = {0, 1, 2, 3};
    SplittableRandom a = new SplittableRandom(5);
    SplittableRandom b = new SplittableRandom(5);
    int[] expected = {0, 1, 2, 3};
    for (int i = 3; i > 0; i--) {
      int j = b.nextInt(i + 1);
      int t = expected[i];
      expected[i] = expected[j];
      expected[j] = t;
    }

    EpochRules.shuffle(order, a);

    assertThat(order).containsExactly(expected);
    assertThat(order).containsExactlyInAnyOrder(0, 1, 2, 3);
  }
}
