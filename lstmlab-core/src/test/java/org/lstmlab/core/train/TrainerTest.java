package org.lstmlab.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lstmlab.core.data.NotebookSeries;
import org.lstmlab.core.data.Windows;
import org.lstmlab.core.loss.Mse;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.Mode;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.optim.Adam;
import org.lstmlab.core.optim.LrSchedule;
import org.lstmlab.core.optim.Optimizer;
import org.lstmlab.core.optim.Optimizers;
import org.lstmlab.core.optim.RmsProp;
import org.lstmlab.core.optim.Sgd;
import org.lstmlab.core.optim.StepLr;

/** The trainer: that it learns, stops early, detects divergence, cancels, reports and replays. */
class TrainerTest {

  /** Windows of 12 over sin(0.25·i), i from {@code start}; x (N, 12, 1), y (N, 1). */
  static Windows sine(int start, int points) {
    float[] s = new float[points];
    for (int i = 0; i < points; i++) {
      s[i] = (float) Math.sin(0.25 * (start + i));
    }
    return Windows.of(s, 12, 1);
  }

  static SequenceModel lstm(long seed) {
    return SequenceModel.builder(CellType.LSTM, 1, 16).seed(seed).build();
  }

  static boolean allFinite(float[] a) {
    for (float v : a) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  @Test
  void fit_sine_reducesTrainAndValidationLoss() {
    Windows train = sine(0, 112); // 100 windows
    Windows val = sine(112, 42); // 30 later windows
    SequenceModel m = lstm(1);
    TrainerConfig c = TrainerConfig.builder().epochs(10).batchSize(4).lr(0.01).seed(7).build();
    double before = new Mse().value(new Predictor(m).predict(val.batch()), val.y());
    TrainingResult r = new Trainer(m, c).fit(train.batch(), train.y(), val.batch(), val.y());
    assertThat(r.stopReason()).isEqualTo(StopReason.COMPLETED);
    assertThat(r.epochs()).isEqualTo(10);
    assertThat(r.steps()).isEqualTo(10 * 25);
    double[] tl = r.trainLoss();
    double[] vl = r.validationLoss();
    // The sine has variance 0.5; an untrained model's MSE is about that.
    assertThat(before).isGreaterThan(0.2);
    assertThat(tl[9]).isLessThan(tl[0] / 20);
    assertThat(vl[9]).isLessThan(before / 100);
    // The reported validation loss is the loss of the model as left, recomputed independently.
    double after = new Mse().value(new Predictor(m).predict(val.batch()), val.y());
    assertThat(vl[9]).isCloseTo(after, within(1e-9));
    assertThat(r.bestEpoch()).isBetween(1, 10);
    assertThat(vl[r.bestEpoch() - 1]).isEqualTo(min(vl));
  }

  static double min(double[] a) {
    double m = Double.POSITIVE_INFINITY;
    for (double v : a) {
      m = Math.min(m, v);
    }
    return m;
  }

  /**
   * Validation targets are the negated training targets: the better the model fits training, the
   * worse validation gets, so validation loss rises from the first epoch on.
   */
  @Test
  void fit_validationRises_stopsEarlyAndRestoresBestEpoch() {
    Windows train = sine(0, 52);
    float[] negated = train.y().clone();
    for (int i = 0; i < negated.length; i++) {
      negated[i] = -negated[i];
    }
    TrainerConfig c = TrainerConfig.builder().epochs(30).batchSize(5).lr(0.02).patience(3)
        .seed(4).build();
    SequenceModel m = lstm(2);
    TrainingResult r = new Trainer(m, c).fit(train.batch(), train.y(), train.batch(), negated);
    assertThat(r.stopReason()).isEqualTo(StopReason.EARLY_STOPPED);
    assertThat(r.bestEpoch()).isEqualTo(1);
    assertThat(r.epochs()).isEqualTo(4); // epoch 1, then 3 epochs without improvement
    double[] vl = r.validationLoss();
    for (int e = 1; e < vl.length; e++) {
      assertThat(vl[e]).as("validation loss of epoch %d", e + 1).isGreaterThan(vl[e - 1]);
    }
    assertThat(r.message()).startsWith(
        "early stopping at epoch 4: no lower validation loss for 3 epochs; best epoch 1 restored");
    // The model holds epoch 1's parameters: the same as a run of one epoch, bit for bit.
    SequenceModel once = lstm(2);
    new Trainer(once, c.toBuilder().epochs(1).patience(0).build()).fit(train.batch(), train.y());
    assertThat(m.parameters().data()).isEqualTo(once.parameters().data());
    double restored = new Mse().value(new Predictor(m).predict(train.batch()), negated);
    assertThat(restored).isCloseTo(vl[0], within(1e-9));
  }

  /**
   * Patience longer than the run: it completes, and the model still ends with the best epoch's
   * parameters, the same as a run that stopped after that epoch.
   */
  @Test
  void fit_patienceNeverReached_completesWithBestEpochRestored() {
    Windows train = sine(0, 40);
    Windows val = sine(40, 20);
    TrainerConfig c = TrainerConfig.builder().epochs(5).batchSize(3).lr(0.01).seed(1).build();
    SequenceModel plain = lstm(3);
    SequenceModel early = lstm(3);
    TrainingResult a = new Trainer(plain, c).fit(train.batch(), train.y(), val.batch(), val.y());
    TrainingResult b = new Trainer(early, c.toBuilder().patience(10).build())
        .fit(train.batch(), train.y(), val.batch(), val.y());
    assertThat(b.stopReason()).isEqualTo(StopReason.COMPLETED);
    assertThat(b.validationLoss()).isEqualTo(a.validationLoss());
    int best = b.bestEpoch();
    assertThat(best).isEqualTo(a.bestEpoch()).isBetween(1, 5);
    assertThat(b.message()).startsWith("completed 5 epochs; best epoch " + best + " restored");
    SequenceModel upToBest = lstm(3);
    new Trainer(upToBest, c.toBuilder().epochs(best).build()).fit(train.batch(), train.y());
    assertThat(early.parameters().data()).isEqualTo(upToBest.parameters().data());
    // Without patience, nothing is restored: the last epoch's parameters stay.
    if (best < 5) {
      assertThat(plain.parameters().data()).isNotEqualTo(early.parameters().data());
    }
  }

  @Test
  void fit_absurdLr_divergesWithMessageAndLeavesFiniteParameters() {
    Windows train = sine(0, 60);
    SequenceModel m = lstm(1);
    TrainerConfig c = TrainerConfig.builder().optimizer("sgd").lr(1e6).epochs(5).seed(2).build();
    List<String> stops = new ArrayList<>();
    TrainingResult r = new Trainer(m, c).fit(train.batch(), train.y(), null, null,
        new TrainingListener() {
          @Override
          public void onEpochEnd(int e, double t, double v, double lr, long ms) {}

          @Override
          public void onStop(StopReason reason, String message) {
            stops.add(reason + ": " + message);
          }
        }, null);
    assertThat(r.diverged()).isTrue();
    // The first update throws the prediction far off (|Δw| ~ 1e6·|g|); the second batch's loss is
    // finite but some 1e12 against an untrained model's 0.6: the growth rule, not a NaN, stops it
    // (in the first ten steps, at 1e8 times the largest loss so far).
    assertThat(r.message()).matches("training diverged at epoch 1, batch 2: loss is \\S+e\\+\\d+, "
        + "over 100000000 times the largest loss of the first steps \\(0\\.\\d+\\)"
        + "; try a lower --lr \\(was 1000000\\.0\\) or --clip 1");
    assertThat(stops).containsExactly("DIVERGED: " + r.message());
    assertThat(allFinite(m.parameters().data())).isTrue();
    // steps counts the updates kept: all batches before the one that failed.
    int batch = Integer.parseInt(r.message().replaceAll(".*batch (\\d+):.*", "$1"));
    assertThat(r.steps()).isEqualTo(batch - 1);
    assertThat(r.epochs()).isZero();
  }

  /** Two sane epochs, then an absurd rate: the run diverges, and early stopping's best is kept. */
  @Test
  void fit_divergesAfterGoodEpochs_restoresBestEpoch() {
    Windows train = sine(0, 40);
    Windows val = sine(40, 20);
    LrSchedule jump = epoch -> epoch < 2 ? 0.05 : 1e6;
    TrainerConfig c = TrainerConfig.builder().optimizer("sgd").schedule(jump).epochs(6)
        .batchSize(4).patience(5).seed(3).build();
    SequenceModel m = lstm(4);
    TrainingResult r = new Trainer(m, c).fit(train.batch(), train.y(), val.batch(), val.y());
    assertThat(r.stopReason()).isEqualTo(StopReason.DIVERGED);
    assertThat(r.epochs()).isEqualTo(2);
    int best = r.bestEpoch();
    assertThat(best).isBetween(1, 2);
    assertThat(r.message()).startsWith("training diverged at epoch 3, batch ")
        .contains("try a lower --lr (was 1000000.0)")
        .endsWith("; best epoch " + best + String.format(java.util.Locale.ROOT,
            " restored (validation loss %.4g)", r.validationLoss()[best - 1]));
    SequenceModel upToBest = lstm(4);
    new Trainer(upToBest, c.toBuilder().epochs(best).patience(0).build())
        .fit(train.batch(), train.y());
    assertThat(m.parameters().data()).isEqualTo(upToBest.parameters().data());
  }

  @Test
  void fit_updateOverflowsFloat_isUndone() {
    // lr 1e300: every gradient is finite, but w − lr·g overflows float in the very first update.
    Windows train = sine(0, 30);
    SequenceModel m = lstm(6);
    float[] initial = m.parameters().data().clone();
    TrainerConfig c = TrainerConfig.builder().optimizer("sgd").lr(1e300).clip(1).build();
    TrainingResult r = new Trainer(m, c).fit(train.batch(), train.y());
    assertThat(r.message()).matches("training diverged at epoch 1, batch 1: parameter "
        + "rnn\\.weight_ih_l0\\[\\d+\\] became -?Infinity in the update; try a lower --lr \\(was 1\\.0E300\\)");
    assertThat(r.steps()).isZero();
    assertThat(m.parameters().data()).isEqualTo(initial);
  }

  @Test
  void fit_cancelled_stopsBeforeTheNextBatch() {
    Windows train = sine(0, 42); // 30 windows, batches of 4: 8 per epoch, the last of 2
    AtomicBoolean cancel = new AtomicBoolean();
    List<String> batches = new ArrayList<>();
    TrainingListener l = new TrainingListener() {
      @Override
      public void onEpochEnd(int e, double t, double v, double lr, long ms) {}

      @Override
      public void onBatchEnd(int epoch, int batch, int of, double loss) {
        batches.add(epoch + "." + batch);
        if (epoch == 2 && batch == 3) {
          cancel.set(true);
        }
      }
    };
    TrainerConfig c = TrainerConfig.builder().batchSize(4).epochs(5).build();
    TrainingResult r = new Trainer(lstm(1), c).fit(train.batch(), train.y(), null, null, l, cancel::get);
    assertThat(r.stopReason()).isEqualTo(StopReason.CANCELLED);
    assertThat(r.message()).isEqualTo("cancelled at epoch 2, batch 4 of 8");
    assertThat(r.epochs()).isEqualTo(1);
    assertThat(r.steps()).isEqualTo(8 + 3);
    assertThat(batches).hasSize(11).endsWith("1.8", "2.1", "2.2", "2.3");
  }

  @Test
  void listener_callCountsOrderAndValues() {
    Windows train = sine(0, 22); // 10 windows; batches of 4, 4, 2
    Windows val = sine(22, 15);
    List<double[]> batchLoss = new ArrayList<>();
    List<String> calls = new ArrayList<>();
    List<Double> epochLoss = new ArrayList<>();
    List<Double> epochLr = new ArrayList<>();
    TrainingListener l = new TrainingListener() {
      @Override
      public void onEpochEnd(int e, double t, double v, double lr, long ms) {
        calls.add("epoch " + e);
        epochLoss.add(t);
        epochLr.add(lr);
        assertThat(v).isFinite();
        assertThat(ms).isNotNegative();
      }

      @Override
      public void onBatchEnd(int epoch, int batch, int of, double loss) {
        calls.add(epoch + "." + batch + "/" + of);
        batchLoss.add(new double[] {loss});
      }

      @Override
      public void onStop(StopReason reason, String message) {
        calls.add(reason + " " + message);
      }
    };
    TrainerConfig c = TrainerConfig.builder().epochs(3).batchSize(4).optimizer("sgd")
        .schedule(new StepLr(0.1, 2, 0.5)).build();
    TrainingResult r = new Trainer(lstm(1), c).fit(train.batch(), train.y(), val.batch(), val.y(), l, null);
    assertThat(calls).containsExactly(
        "1.1/3", "1.2/3", "1.3/3", "epoch 1",
        "2.1/3", "2.2/3", "2.3/3", "epoch 2",
        "3.1/3", "3.2/3", "3.3/3", "epoch 3",
        "COMPLETED completed 3 epochs");
    // StepLr(0.1, every 2 epochs, ×0.5): 0.1, 0.1, 0.05.
    assertThat(epochLr).containsExactly(0.1, 0.1, 0.05);
    // An epoch's loss is the mean over its windows: batch losses weighted 4, 4, 2.
    for (int e = 0; e < 3; e++) {
      double mean = (4 * batchLoss.get(3 * e)[0] + 4 * batchLoss.get(3 * e + 1)[0]
          + 2 * batchLoss.get(3 * e + 2)[0]) / 10;
      assertThat(epochLoss.get(e)).isCloseTo(mean, within(1e-15));
      assertThat(r.trainLoss()[e]).isEqualTo(epochLoss.get(e));
    }
  }

  /** Same seed, bit-identical losses and parameters; another seed, another run. */
  @ParameterizedTest
  @EnumSource(CellType.class)
  void fit_sameSeed_bitIdentical(CellType cell) {
    Windows train = sine(0, 40);
    Windows val = sine(40, 20);
    TrainingResult[] results = new TrainingResult[3];
    float[][] params = new float[3][];
    long[] seeds = {5, 5, 6};
    for (int k = 0; k < 3; k++) {
      SequenceModel m = SequenceModel.builder(cell, 1, 8).layers(2).dropout(0.3).seed(1).build();
      TrainerConfig c = TrainerConfig.builder().epochs(3).batchSize(3).clip(0.5).patience(2)
          .seed(seeds[k]).build();
      results[k] = new Trainer(m, c).fit(train.batch(), train.y(), val.batch(), val.y());
      params[k] = m.parameters().data();
    }
    assertThat(bits(results[1].trainLoss())).isEqualTo(bits(results[0].trainLoss()));
    assertThat(bits(results[1].validationLoss())).isEqualTo(bits(results[0].validationLoss()));
    assertThat(results[1].bestEpoch()).isEqualTo(results[0].bestEpoch());
    assertThat(results[1].steps()).isEqualTo(results[0].steps());
    assertThat(results[1].message()).isEqualTo(results[0].message());
    for (int i = 0; i < params[0].length; i++) {
      assertThat(Float.floatToRawIntBits(params[1][i])).as("bits of parameter %d", i)
          .isEqualTo(Float.floatToRawIntBits(params[0][i]));
    }
    // Seed 6 shuffles differently and draws other dropout masks.
    assertThat(results[2].trainLoss()).isNotEqualTo(results[0].trainLoss());
    assertThat(params[2]).isNotEqualTo(params[0]);
  }

  static long[] bits(double[] a) {
    long[] b = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = Double.doubleToRawLongBits(a[i]);
    }
    return b;
  }

  /**
   * Without shuffling and dropout, the trainer is exactly the documented loop: zeroGrad → forward →
   * loss gradient → backward → step over consecutive batches.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 3, 13})
  void fit_noShuffle_equalsTheHandWrittenLoop(int batchSize) {
    Windows train = sine(0, 25); // 13 windows
    SequenceModel byTrainer = SequenceModel.builder(CellType.GRU, 1, 5).seed(8).build();
    SequenceModel byHand = SequenceModel.builder(CellType.GRU, 1, 5).seed(8).build();
    TrainerConfig c = TrainerConfig.builder().epochs(2).batchSize(batchSize).shuffle(false)
        .optimizer("sgd").lr(0.05).build();
    new Trainer(byTrainer, c).fit(train.batch(), train.y());

    Sgd sgd = Sgd.builder().lr(0.05).build();
    Mse mse = new Mse();
    int n = train.count();
    for (int epoch = 0; epoch < 2; epoch++) {
      for (int from = 0; from < n; from += batchSize) {
        int b = Math.min(batchSize, n - from);
        float[] xb = java.util.Arrays.copyOfRange(train.x(), from * 12, (from + b) * 12);
        float[] yb = java.util.Arrays.copyOfRange(train.y(), from, from + b);
        byHand.parameters().zeroGrad();
        float[] pred = byHand.forward(SequenceBatch.of(xb, b, 12, 1), Mode.TRAINING);
        float[] dPred = new float[b];
        mse.gradient(pred, yb, dPred);
        byHand.backward(dPred);
        sgd.step(byHand.parameters());
      }
    }
    assertThat(byTrainer.parameters().data()).isEqualTo(byHand.parameters().data());
  }

  @Test
  void fit_batchAndStepsSwapped_isRejected() {
    // 100 windows of 12 steps given as 12 sequences of 100 steps: the same 1200 values, which the
    // old fit(float[] x, float[] y) read without complaint; the targets' N now disagrees with B.
    Windows w = sine(0, 112);
    SequenceBatch swapped = SequenceBatch.of(w.x(), 12, 100, 1);
    Trainer t = new Trainer(lstm(1), TrainerConfig.builder().epochs(1).build());
    assertThatThrownBy(() -> t.fit(swapped, w.y()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("y has 100 elements; expected shape (N=12, O=1) for x SequenceBatch(B=12,"
            + " T=100, I=1) = 12");
    assertThat(t.fit(w.batch(), w.y()).epochs()).isEqualTo(1);
  }

  @Test
  void fit_badShapesAndSettings_explain() {
    Trainer t = new Trainer(lstm(1), TrainerConfig.builder().patience(2).build());
    SequenceBatch two = SequenceBatch.of(new float[24], 2, 12, 1);
    assertThatThrownBy(() -> t.fit(two, new float[2]))
        .hasMessage("patience 2 needs validation windows; pass xVal and yVal or set patience 0");
    Trainer u = new Trainer(lstm(1), TrainerConfig.builder().build());
    assertThatThrownBy(() -> u.fit(SequenceBatch.of(new float[24], 2, 6, 2), new float[2]))
        .hasMessage("x is SequenceBatch(B=2, T=6, I=2); expected (N, T, I=1)");
    assertThatThrownBy(() -> u.fit(two, new float[2], SequenceBatch.of(new float[11], 1, 11, 1),
        new float[1]))
        .hasMessage("xVal is SequenceBatch(B=1, T=11, I=1); expected (N, T=12, I=1)");
    assertThatThrownBy(() -> u.fit(two, new float[] {1, Float.NaN}))
        .hasMessage("y has a non-finite value NaN at flat index 1");
    assertThatThrownBy(() -> new Trainer(
            SequenceModel.builder(CellType.LSTM, 1, 2).outputs(SequenceModel.Outputs.ALL).build(),
            TrainerConfig.builder().build()))
        .hasMessage("the trainer fits many-to-one models (outputs LAST), got outputs ALL");
  }

  @Test
  void config_defaultsAndValidation() {
    TrainerConfig d = TrainerConfig.builder().build();
    assertThat(d.toMap()).containsExactly(
        java.util.Map.entry("epochs", "20"),
        java.util.Map.entry("batchSize", "1"),
        java.util.Map.entry("shuffle", "true"),
        java.util.Map.entry("optimizer", "adam"),
        java.util.Map.entry("lr", "0.001"),
        java.util.Map.entry("beta1", "0.9"),
        java.util.Map.entry("beta2", "0.999"),
        java.util.Map.entry("eps", "1.0E-8"),
        java.util.Map.entry("weightDecay", "0.0"),
        java.util.Map.entry("amsgrad", "false"),
        java.util.Map.entry("loss", "mse"),
        java.util.Map.entry("clip", "0.0"),
        java.util.Map.entry("patience", "0"),
        java.util.Map.entry("seed", "0"));
    assertThatThrownBy(() -> TrainerConfig.builder().epochs(0).build())
        .hasMessage("epochs must be >= 1, got 0");
    assertThatThrownBy(() -> TrainerConfig.builder().batchSize(0).build())
        .hasMessage("batchSize must be >= 1, got 0");
    assertThatThrownBy(() -> TrainerConfig.builder().optimizer("adagrad").build())
        .hasMessage("optimizer must be one of [sgd, adam, adamw, rmsprop], got 'adagrad'");
    assertThatThrownBy(() -> TrainerConfig.builder().loss("l2").build())
        .hasMessage("loss must be one of [mse, mae, huber], got 'l2'");
    assertThatThrownBy(() -> TrainerConfig.builder().lr(Double.NaN).build())
        .hasMessage("lr must be finite and >= 0, got NaN");
    assertThatThrownBy(() -> TrainerConfig.builder().clip(-1).build())
        .hasMessage("clip must be finite and >= 0 (0 = off), got -1.0");
    assertThatThrownBy(() -> TrainerConfig.builder().patience(-1).build())
        .hasMessage("patience must be >= 0 (0 = off), got -1");
  }

  /** The notebook's series (seed 42, 100 points) as windows of 10: x (90, 10, 1), y (90, 1). */
  static Windows notebook() {
    double[] raw = NotebookSeries.values(42);
    float[] s = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      s[i] = (float) raw[i];
    }
    return Windows.of(s, 10, 1);
  }

  /**
   * Issue 11, item 10: Adam and RMSprop at lr 1e6 on the notebook's series used to finish with a
   * loss of 1e13 and "succeed". Each moves every weight by about lr on its first step, so the
   * second window's loss is some 1e12 against the first's 0.1–1: the growth rule stops the run at
   * epoch 1, batch 2, and the parameters stay finite.
   */
  @ParameterizedTest
  @ValueSource(strings = {"adam", "rmsprop"})
  void fit_adaptiveOptimizerAtLrOneMillion_divergesOnGrowth(String name) {
    Windows w = notebook();
    SequenceModel m = SequenceModel.builder(CellType.LSTM, 1, 100).seed(43).build();
    TrainerConfig c = TrainerConfig.builder().optimizer(name).lr(1e6).shuffle(false).epochs(20)
        .build();
    TrainingResult r = new Trainer(m, c).fit(w.batch(), w.y());
    assertThat(r.stopReason()).isEqualTo(StopReason.DIVERGED);
    assertThat(r.message()).matches("training diverged at epoch 1, batch 2: loss is \\S+e\\+\\d+, "
        + "over 100000000 times the largest loss of the first steps \\(\\S+\\)"
        + "; try a lower --lr \\(was 1000000\\.0\\) or --clip 1");
    double loss = Double.parseDouble(r.message().replaceAll(".*loss is (\\S+),.*", "$1"));
    assertThat(loss).isGreaterThan(1e10);
    assertThat(r.steps()).isEqualTo(1);
    assertThat(r.epochs()).isZero();
    assertThat(allFinite(m.parameters().data())).isTrue();
  }

  /**
   * The other side of the rule: the notebook's own run (Adam, lr 0.01, batch 1, in order, 20
   * epochs, the LSTM and the saturating RNN of the demo) never comes near it; its largest window
   * loss stays far below 1e4 times the first ten windows' largest.
   */
  @ParameterizedTest
  @EnumSource(value = CellType.class, names = {"LSTM", "RNN_TANH"})
  void fit_notebookSettings_neverTripTheGrowthRule(CellType cell) {
    Windows w = notebook();
    SequenceModel m = SequenceModel.builder(cell, 1, 100).seed(43).build();
    TrainerConfig c = TrainerConfig.builder().optimizer(Adam.builder().lr(0.01).build())
        .shuffle(false).epochs(20).build();
    List<Double> losses = new ArrayList<>();
    TrainingListener l = new TrainingListener() {
      @Override
      public void onEpochEnd(int e, double t, double v, double lr, long ms) {}

      @Override
      public void onBatchEnd(int epoch, int batch, int of, double loss) {
        losses.add(loss);
      }
    };
    TrainingResult r = new Trainer(m, c).fit(w.batch(), w.y(), null, null, l, null);
    assertThat(r.stopReason()).isEqualTo(StopReason.COMPLETED);
    assertThat(losses).hasSize(20 * 90);
    double reference = losses.subList(0, DivergenceGuard.WARMUP).stream()
        .mapToDouble(Double::doubleValue).max().orElseThrow();
    double largest = losses.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    assertThat(largest).isLessThan(100 * reference);
  }

  /** The README's typed optimizer gives the very run the name and lr give. */
  @Test
  void config_typedOptimizer_sameRunAsByName() {
    Windows train = sine(0, 40);
    TrainerConfig byName = TrainerConfig.builder().optimizer("adam").lr(0.01).epochs(2).build();
    TrainerConfig typed = TrainerConfig.builder().optimizer(Adam.builder().lr(0.01).build())
        .epochs(2).build();
    SequenceModel a = lstm(2);
    SequenceModel b = lstm(2);
    TrainingResult ra = new Trainer(a, byName).fit(train.batch(), train.y());
    TrainingResult rb = new Trainer(b, typed).fit(train.batch(), train.y());
    assertThat(bits(rb.trainLoss())).isEqualTo(bits(ra.trainLoss()));
    assertThat(b.parameters().data()).isEqualTo(a.parameters().data());
    assertThat(typed.toMap()).isEqualTo(byName.toMap());
  }

  /**
   * Each fit starts from a fresh optimizer: a second fit of a second, identical model replays the
   * first, and the configured optimizer object is neither stepped nor shared.
   */
  @Test
  void config_typedOptimizer_freshStateForEveryFit() {
    Windows train = sine(0, 40);
    Adam adam = Adam.builder().lr(0.02).betas(0.8, 0.99).build();
    TrainerConfig c = TrainerConfig.builder().optimizer(adam).epochs(2).build();
    adam.setLr(5); // later changes to the object do not reach the configuration
    Trainer first = new Trainer(lstm(3), c);
    Trainer second = new Trainer(lstm(3), c);
    TrainingResult r1 = first.fit(train.batch(), train.y());
    TrainingResult r2 = second.fit(train.batch(), train.y());
    assertThat(bits(r2.trainLoss())).isEqualTo(bits(r1.trainLoss()));
    assertThat(second.model().parameters().data()).isEqualTo(first.model().parameters().data());
    assertThat(adam.steps()).isZero();
    assertThat(c.lr()).isEqualTo(0.02);
    Optimizer made = c.newOptimizer();
    assertThat(made).isInstanceOf(Adam.class).isNotSameAs(c.newOptimizer());
    assertThat(((Adam) made).beta1()).isEqualTo(0.8);
    assertThat(((Adam) made).beta2()).isEqualTo(0.99);
    // The betas matter: PyTorch's defaults give another run.
    SequenceModel plain = lstm(3);
    new Trainer(plain, c.toBuilder().optimizer(Adam.builder().lr(0.02).build()).build())
        .fit(train.batch(), train.y());
    assertThat(plain.parameters().data()).isNotEqualTo(first.model().parameters().data());
  }

  /**
   * One default per optimizer: without lr the optimizer's own builder default applies, by name as
   * typed; lr, when given, replaces it.
   */
  @ParameterizedTest
  @ValueSource(strings = {"sgd", "adam", "adamw", "rmsprop"})
  void config_lrNotGiven_isTheOptimizersOwnDefault(String name) {
    double own = switch (name) {
      case "sgd" -> Sgd.DEFAULT_LR;
      case "rmsprop" -> RmsProp.DEFAULT_LR;
      default -> Adam.DEFAULT_LR;
    };
    assertThat(TrainerConfig.builder().optimizer(name).build().lr()).isEqualTo(own);
    assertThat(Optimizers.byName(name).lr()).isEqualTo(own);
    assertThat(TrainerConfig.builder().optimizer(name).lr(0.25).build().lr()).isEqualTo(0.25);
    assertThat(TrainerConfig.builder().optimizer(Optimizers.byName(name)).lr(0.25).build()
        .newOptimizer().lr()).isEqualTo(0.25);
  }

  @Test
  void config_rmspropByName_runsAtItsBuildersDefault() {
    assertThat(TrainerConfig.builder().optimizer("rmsprop").build().lr()).isEqualTo(0.01);
    assertThat(RmsProp.builder().build().lr()).isEqualTo(0.01);
  }
}
