package org.lstmlab.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.optim.StepLr;

/**
 * Checkpoints of a Trainer run on a window source: a run resumed from any checkpoint ends as the
 * run that was never stopped, bit for bit.
 */
class TrainerCheckpointTest {

  static final int N = WindowSourceTest.N; // 37 windows: batches 8, 8, 8, 8, 5 per epoch
  static final int NV = WindowSourceTest.NV;
  static final int T = WindowSourceTest.T;
  final float[] x = WindowSourceTest.random(N * T, 1);
  final float[] y = WindowSourceTest.random(N, 2);
  final float[] xv = WindowSourceTest.random(NV * T, 3);
  final float[] yv = WindowSourceTest.random(NV, 4);
  final TrainerConfig config = TrainerConfig.builder().epochs(5).batchSize(8).patience(3)
      .seed(5).clip(1).lr(0.02).schedule(new StepLr(0.02, 2, 0.5)).build();

  TrainingResult run(SequenceModel m, Trainer.Checkpoint from, List<Trainer.Checkpoint> sink,
      java.util.function.BooleanSupplier cancelled) {
    return new Trainer(m, config).fit(WindowSourceTest.source(m, config.newLoss(), x, y, xv, yv),
        null, cancelled, from, 3, sink == null ? null : sink::add);
  }

  @Test
  void fit_resumedFromEachCheckpoint_endsAsTheUninterruptedRun() throws Exception {
    SequenceModel whole = WindowSourceTest.model();
    List<Trainer.Checkpoint> saved = new ArrayList<>();
    TrainingResult r = run(whole, null, saved, null);
    // Early stopping ends it in epoch 4 (best epoch 1, patience 3): 20 steps, one checkpoint
    // every 3, the restore of the best epoch's parameters at the end included in what must match.
    assertThat(r.stopReason()).isEqualTo(StopReason.EARLY_STOPPED);
    assertThat(r.steps()).isEqualTo(20);
    assertThat(saved).hasSize(6);

    for (Trainer.Checkpoint c : saved) { // mid-epoch (step 3) and at an epoch's end (step 15)
      SequenceModel resumed = WindowSourceTest.model();
      resumed.resetParameters(99); // the checkpoint's weights must replace these
      TrainingResult rr = run(resumed, roundTrip(c), null, null);
      assertThat(resumed.parameters().data()).as("from step %d", c.progress().steps())
          .containsExactly(whole.parameters().data());
      assertThat(rr.trainLoss()).containsExactly(r.trainLoss());
      assertThat(rr.validationLoss()).containsExactly(r.validationLoss());
      assertThat(rr.bestEpoch()).isEqualTo(r.bestEpoch());
      assertThat(rr.steps()).isEqualTo(20);
    }
  }

  @Test
  void fit_cancelledThenResumedFromTheLastCheckpoint_endsAsTheUninterruptedRun() {
    SequenceModel whole = WindowSourceTest.model();
    run(whole, null, null, null);

    SequenceModel first = WindowSourceTest.model();
    List<Trainer.Checkpoint> saved = new ArrayList<>();
    int[] polls = {0};
    TrainingResult stopped = run(first, null, saved, () -> ++polls[0] > 17); // stops at step 18
    assertThat(stopped.stopReason()).isEqualTo(StopReason.CANCELLED);
    Trainer.Checkpoint last = saved.get(saved.size() - 1);
    assertThat(last.progress().steps()).isEqualTo(15);

    SequenceModel second = WindowSourceTest.model();
    run(second, last, null, null);
    assertThat(second.parameters().data()).containsExactly(whole.parameters().data());
  }

  @Test
  void fit_checkpointOfAnotherModel_refused() {
    List<Trainer.Checkpoint> saved = new ArrayList<>();
    run(WindowSourceTest.model(), null, saved, null);
    SequenceModel wider = SequenceModel.builder(CellType.LSTM, 1, 5).outputSize(1).seed(3)
        .build();

    assertThatThrownBy(() -> new Trainer(wider, config).fit(WindowSourceTest.source(wider,
        config.newLoss(), x, y, xv, yv), null, null, saved.get(0), 3, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not fit this run");
  }

  /** Through Java serialisation, as the Spark module stores checkpoints. */
  static Trainer.Checkpoint roundTrip(Trainer.Checkpoint c) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(c);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(
        bytes.toByteArray()))) {
      return (Trainer.Checkpoint) in.readObject();
    }
  }
}
