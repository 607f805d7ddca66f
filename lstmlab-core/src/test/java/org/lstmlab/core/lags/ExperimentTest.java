package org.lstmlab.core.lags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lstmlab.core.lags.ExperimentResult.CurvePoint;
import org.lstmlab.core.lags.ExperimentResult.ModelResult;
import org.lstmlab.core.train.Evaluation;
import org.lstmlab.core.train.StopReason;
import org.lstmlab.core.train.TrainingListener;

/** The experiment runner: its protocol, its reproducibility, its checks, and what it shows. */
class ExperimentTest {

  /**
   * Tier (c), the issue's claim in small: on the adding problem at T = 30 the LSTM (H = 32, forget
   * bias 1, RMSprop lr 0.01, batches of 50, clip 1) gets far below the 1/6 baseline within 800
   * steps, while the tanh RNN of the same size, on the same data, stays near it. Seed 1 is fixed;
   * seeds 1, 2 and 3 all gave LSTM test MSE ≤ 0.0031 and RNN ≥ 0.18 (baselines 0.162–0.179) when the
   * setting was chosen; the bounds below leave a wide margin on both sides.
   */
  @Test
  void run_addingAtThirty_lstmBeatsBaselineAndRnnDoesNot() {
    ExperimentResult r =
        Experiment.builder("adding", 30)
            .models(List.of("lstm", "rnn"))
            .hidden(32)
            .batch(50)
            .steps(800)
            .lr(0.01)
            .unitForgetBias(true)
            .evalEvery(400)
            .testSize(500)
            .seed(1)
            .build()
            .run();
    double baseline = r.baseline().loss();
    ModelResult lstm = r.results().get(0);
    ModelResult rnn = r.results().get(1);

    assertThat(baseline).isBetween(0.14, 0.20);
    assertThat(lstm.model()).isEqualTo("lstm");
    assertThat(lstm.test().loss()).isLessThan(0.2 * baseline);
    assertThat(rnn.model()).isEqualTo("rnn");
    assertThat(rnn.test().loss()).isGreaterThan(0.8 * baseline);
  }

  private static Experiment.Builder tiny(String task) {
    return Experiment.builder(task, 12)
        .models(List.of("lstm", "gru", "rnn"))
        .hidden(4)
        .batch(3)
        .steps(7)
        .evalEvery(3)
        .testSize(5)
        .seed(9);
  }

  /** Same configuration, same numbers, to the last bit: data, held-out set and initialisation. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"adding", "order", "copy"})
  void run_sameConfiguration_bitIdenticalResults(String task) {
    ExperimentResult a = tiny(task).build().run();
    ExperimentResult b = tiny(task).build().run();
    for (int m = 0; m < 3; m++) {
      List<CurvePoint> ca = a.results().get(m).curve();
      List<CurvePoint> cb = b.results().get(m).curve();
      assertThat(cb).hasSameSizeAs(ca);
      for (int i = 0; i < ca.size(); i++) {
        assertThat(cb.get(i).test()).isEqualTo(ca.get(i).test());
        assertThat(Double.doubleToLongBits(cb.get(i).trainLoss()))
            .isEqualTo(Double.doubleToLongBits(ca.get(i).trainLoss())); // NaN at step 0
      }
    }
    assertThat(b.baseline()).isEqualTo(a.baseline());
  }

  /** Curve points at step 0, every evalEvery steps and at the last step; the listener sees each. */
  @Test
  void run_evalEveryThreeOfSeven_curveAtZeroThreeSixSeven() {
    List<String> seen = new ArrayList<>();
    ExperimentResult r = tiny("order").build()
        .run(TrainingListener.evaluations(e -> seen.add(e.model() + "@" + e.step())));

    for (ModelResult m : r.results()) {
      assertThat(m.curve()).extracting(CurvePoint::step).containsExactly(0, 3, 6, 7);
      assertThat(m.curve().get(0).trainLoss()).isNaN();
      assertThat(m.test()).isEqualTo(m.curve().get(3).test());
      assertThat(m.test().hasAccuracy()).isTrue();
      assertThat(m.steps()).isEqualTo(7);
      assertThat(m.stopReason()).isEqualTo(StopReason.COMPLETED);
      assertThat(m.message()).isEqualTo("completed 7 steps");
      assertThat(m.seconds()).isPositive();
    }
    assertThat(seen).hasSize(12).startsWith("lstm@0").endsWith("rnn@7");
    assertThat(r.results()).extracting(ModelResult::model).containsExactly("lstm", "gru", "rnn");
    assertThat(r.task()).isEqualTo("order");
    assertThat(r.length()).isEqualTo(12);
    assertThat(r.lossName()).isEqualTo("cross_entropy");
  }

  /** A model's initialisation depends on the seed and its own name, not on the other models listed. */
  @Test
  void run_modelListedAlone_sameRunAsInCompany() {
    ExperimentResult together = tiny("adding").build().run();
    ExperimentResult alone = tiny("adding").models(List.of("rnn")).build().run();

    assertThat(alone.results().get(0).curve()).extracting(CurvePoint::test)
        .isEqualTo(together.results().get(2).curve().stream().map(CurvePoint::test).toList());
    assertThat(Experiment.modelSeed(9, "lstm")).isNotEqualTo(Experiment.modelSeed(9, "rnn"));
  }

  @Test
  void builder_defaults_areThePapersSetting() {
    Experiment.Config c = Experiment.builder("adding", 100).build().config();
    assertThat(c.hidden()).isEqualTo(128);
    assertThat(c.batch()).isEqualTo(50);
    assertThat(c.optimizer()).isEqualTo("rmsprop");
    assertThat(c.lr()).isEqualTo(1e-3);
    assertThat(c.clip()).isEqualTo(1.0);
    assertThat(c.models()).containsExactly("lstm", "rnn");
  }

  static Stream<Arguments> badSettings() {
    return Stream.of(
        bad("unknown task", "task must be one of", () -> Experiment.builder("parity", 10).build()),
        bad("short length", "length must be >= 10", () -> Experiment.builder("order", 5).build()),
        bad("unknown model", "cell must be one of",
            () -> Experiment.builder("adding", 10).models(List.of("lstm", "tcn")).build()),
        bad("no model", "models must name", () -> Experiment.builder("adding", 10).models(List.of()).build()),
        bad("model twice", "models lists 'LSTM' twice",
            () -> Experiment.builder("adding", 10).models(List.of("lstm", "LSTM")).build()),
        bad("hidden", "hidden must be > 0", () -> Experiment.builder("adding", 10).hidden(0).build()),
        bad("batch", "batch must be > 0", () -> Experiment.builder("adding", 10).batch(-1).build()),
        bad("steps", "steps must be >= 0", () -> Experiment.builder("adding", 10).steps(-1).build()),
        bad("optimizer", "optimizer must be one of",
            () -> Experiment.builder("adding", 10).optimizer("lbfgs").build()),
        bad("clip", "clip must be finite and >= 0",
            () -> Experiment.builder("adding", 10).clip(-1).build()));
  }

  private static Arguments bad(String description, String message, ThrowingCallable call) {
    return Arguments.of(Named.of(description, call), message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSettings")
  void build_badSetting_throwsNamingIt(ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
  }

  /**
   * Issue 11, item 9: a long experiment (a million steps per model) cancelled from its listener at
   * an evaluation stops before the next step: no step after the cancel, no further evaluation,
   * and the models after it are not trained.
   */
  @ParameterizedTest
  @ValueSource(ints = {0, 5})
  void run_cancelledAtAnEvaluation_stopsBeforeTheNextStep(int cancelAt) {
    AtomicBoolean cancel = new AtomicBoolean();
    List<String> heard = new ArrayList<>();
    TrainingListener l = new TrainingListener() {
      @Override
      public void onEpochEnd(int e, double t, double v, double lr, long ms) {}

      @Override
      public void onBatchEnd(int period, int step, int of, double loss) {
        heard.add("step");
      }

      @Override
      public void onEvaluation(Evaluation e) {
        heard.add(e.model() + "@" + e.step());
        if (e.step() == cancelAt) {
          cancel.set(true);
        }
      }

      @Override
      public void onStop(StopReason reason, String message) {
        heard.add(reason + ": " + message);
      }
    };
    ExperimentResult r = tiny("adding").steps(1_000_000).evalEvery(5).build().run(l, cancel::get);

    assertThat(r.results()).hasSize(1);
    ModelResult m = r.results().get(0);
    assertThat(m.model()).isEqualTo("lstm");
    assertThat(m.stopReason()).isEqualTo(StopReason.CANCELLED);
    assertThat(m.steps()).isEqualTo(cancelAt);
    assertThat(m.message()).isEqualTo("cancelled at step " + (cancelAt + 1) + " of 1000000");
    assertThat(m.curve()).extracting(CurvePoint::step).last().isEqualTo(cancelAt);
    assertThat(heard).endsWith("lstm@" + cancelAt, "CANCELLED: " + m.message());
    assertThat(heard.stream().filter("step"::equals).count()).isEqualTo(cancelAt);
  }

  /**
   * The loop's divergence rule holds for experiments too: at lr 1e6 without clipping, the loss
   * explodes and the model stops DIVERGED with the step named, instead of running on.
   */
  @ParameterizedTest
  @ValueSource(strings = {"adam", "rmsprop"})
  void run_absurdLr_divergesAndSaysWhere(String optimizer) {
    ExperimentResult r = tiny("adding").models(List.of("lstm")).optimizer(optimizer).lr(1e6)
        .clip(0).steps(50).evalEvery(50).build().run();
    ModelResult m = r.results().get(0);
    assertThat(m.stopReason()).isEqualTo(StopReason.DIVERGED);
    assertThat(m.message()).matches("training diverged at step \\d+: .*"
        + "; try a lower --lr \\(was 1000000\\.0\\) or --clip 1");
    int at = Integer.parseInt(m.message().replaceAll("training diverged at step (\\d+):.*", "$1"));
    assertThat(m.steps()).isEqualTo(at - 1).isLessThan(50);
    assertThat(m.curve()).extracting(CurvePoint::step).containsExactly(0);
  }
}
