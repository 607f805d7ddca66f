package org.lstmlab.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lstmlab.core.nn.Parameters;

/**
 * The optimizers' contracts and hand-derived values: first steps and constant-gradient runs in
 * closed form, the lifecycle (state sized on the first step, gradients left alone, lr changes),
 * hyperparameter validation, and agreement with the double-precision twin.
 *
 * <p>Closed forms are evaluated in double and compared with a tolerance of a few float32 ulps of
 * the parameter, since the engine stores float32.
 */
class OptimizerTest {

  /** Every optimizer in every mode that changes its loop: momentum, Nesterov, AMSGrad, centring. */
  static Stream<Named<Supplier<Optimizer>>> configurations() {
    return Stream.of(
        Named.of("sgd", () -> Sgd.builder().lr(0.1).build()),
        Named.of(
            "sgd momentum wd",
            () -> Sgd.builder().lr(0.1).momentum(0.9).dampening(0.1).weightDecay(0.01).build()),
        Named.of("sgd nesterov", () -> Sgd.builder().lr(0.1).momentum(0.9).nesterov(true).build()),
        Named.of("adam", () -> Adam.builder().lr(0.01).build()),
        Named.of(
            "adam amsgrad wd",
            () -> Adam.builder().lr(0.01).amsgrad(true).weightDecay(0.1).build()),
        Named.of("adamw", () -> AdamW.builder().lr(0.01).build()),
        Named.of("adamw amsgrad", () -> AdamW.builder().lr(0.01).amsgrad(true).build()),
        Named.of("rmsprop", () -> RmsProp.builder().lr(0.01).build()),
        Named.of(
            "rmsprop momentum centered wd",
            () ->
                RmsProp.builder().lr(0.01).momentum(0.9).centered(true).weightDecay(0.01).build()));
  }

  // --- Closed forms -------------------------------------------------------------------------

  /**
   * Adam's first step: m = (1−β1)g and v = (1−β2)g², so after bias correction the step is lr·g/(|g|
   * + eps), which is lr·sign(g) when eps is negligible, whatever the gradient's scale.
   */
  @ParameterizedTest(name = "gradient scale {0}")
  @ValueSource(doubles = {1e-6, 1e-2, 1.0, 1e3})
  void step_adamFirstStep_movesEachParameterByLr(double scale) {
    float[] w0 = {0.5f, -1.25f, 2f, 0.3f, 0.0f};
    float[] g = {1, -1, 0.25f, -3, 0}; // the last one is exactly zero: m = 0, no move
    Parameters p = vector(w0, g, (float) scale);
    double lr = 0.01;
    Adam adam = Adam.builder().lr(lr).eps(1e-30).build();

    adam.step(p);

    for (int i = 0; i < w0.length; i++) {
      double expected = w0[i] - lr * Math.signum(g[i]);
      assertThat((double) p.data()[i]).as("w[%d]", i).isCloseTo(expected, within(ulp(expected)));
    }
  }

  /**
   * SGD with momentum μ, dampening δ and a constant gradient g: b₁ = g and b_t = μ·b_{t−1} +
   * (1−δ)·g give b_t = g·(μ^(t−1) + (1−δ)(1 − μ^(t−1))/(1−μ)); each step subtracts lr·b_t, or lr·(g
   * + μ·b_t) with Nesterov.
   */
  @ParameterizedTest(name = "momentum {0}, dampening {1}, nesterov {2}")
  @CsvSource({
    "0.5, 0.0, false",
    "0.9, 0.0, false",
    "0.9, 0.1, false",
    "0.5, 0.0, true",
    "0.9, 0.0, true"
  })
  void step_sgdMomentumConstantGradient_matchesClosedForm(
      double momentum, double dampening, boolean nesterov) {
    double lr = 0.05;
    float g = 0.75f;
    float w0 = 1.5f;
    int steps = 10;
    Parameters p = vector(new float[] {w0}, new float[] {g}, 1f);
    Sgd sgd =
        Sgd.builder().lr(lr).momentum(momentum).dampening(dampening).nesterov(nesterov).build();

    double expected = w0;
    for (int t = 1; t <= steps; t++) {
      sgd.step(p);
      double mu = Math.pow(momentum, t - 1);
      double b = g * (mu + (1 - dampening) * (1 - mu) / (1 - momentum));
      expected -= lr * (nesterov ? g + momentum * b : b);
      // Each step rounds w (|w| ≤ w0 throughout) and the buffer once: about an ulp of w0 per step.
      assertThat((double) p.data()[0]).as("step %d", t).isCloseTo(expected, within(t * ulp(w0)));
    }
  }

  /** Plain SGD (no momentum, no decay) is w − t·lr·g after t steps with a constant gradient. */
  @Test
  void step_plainSgdConstantGradient_movesLinearly() {
    Parameters p = vector(new float[] {1f, -2f}, new float[] {0.5f, -0.25f}, 1f);
    Sgd sgd = Sgd.builder().lr(0.1).build();
    for (int t = 0; t < 4; t++) {
      sgd.step(p);
    }
    assertThat((double) p.data()[0]).isCloseTo(1 - 4 * 0.1 * 0.5, within(4 * ulp(1)));
    assertThat((double) p.data()[1]).isCloseTo(-2 + 4 * 0.1 * 0.25, within(4 * ulp(2)));
  }

  /** With zero gradients Adam's moments stay 0, so AdamW only decays: w_t = w₀·(1 − lr·wd)^t. */
  @ParameterizedTest(name = "weight decay {0}")
  @ValueSource(doubles = {0.01, 0.1, 1.0})
  void step_adamWZeroGradient_decaysGeometrically(double weightDecay) {
    float[] w0 = {2f, -0.5f, 0.125f};
    Parameters p = vector(w0, new float[3], 1f);
    double lr = 0.01;
    AdamW adamW = AdamW.builder().lr(lr).weightDecay(weightDecay).build();
    int steps = 20;
    for (int t = 0; t < steps; t++) {
      adamW.step(p);
    }
    for (int i = 0; i < w0.length; i++) {
      double expected = w0[i] * Math.pow(1 - lr * weightDecay, steps);
      assertThat((double) p.data()[i])
          .as("w[%d]", i)
          .isCloseTo(expected, within(steps * ulp(expected)));
    }
  }

  /**
   * RMSprop's first step: s = (1−α)g², and in the centred form a = (1−α)g, so s − a² = α(1−α)g².
   * The step is lr·sign(g)/sqrt(1−α), or lr·sign(g)/sqrt(α(1−α)) centred, when eps is negligible.
   */
  @ParameterizedTest(name = "alpha {0}, centered {1}")
  @CsvSource({"0.9, false", "0.99, false", "0.9, true", "0.99, true"})
  void step_rmsPropFirstStep_dividesByRootMeanSquare(double alpha, boolean centered) {
    float[] w0 = {1f, -1f, 0.5f};
    float[] g = {2f, -0.01f, 0f};
    Parameters p = vector(w0, g, 1f);
    double lr = 0.01;
    RmsProp rmsProp = RmsProp.builder().lr(lr).alpha(alpha).eps(1e-30).centered(centered).build();

    rmsProp.step(p);

    double size = lr / Math.sqrt(centered ? alpha * (1 - alpha) : 1 - alpha);
    for (int i = 0; i < w0.length; i++) {
      double expected = w0[i] - size * Math.signum(g[i]);
      assertThat((double) p.data()[i])
          .as("w[%d]", i)
          .isCloseTo(expected, within(2 * ulp(expected)));
    }
  }

  /** With a constant gradient v only grows, so its running maximum is v and AMSGrad is Adam. */
  @Test
  void step_amsgradNonDecreasingSecondMoment_equalsAdam() {
    float[] w0 = {0.5f, -1f, 2f};
    float[] g = {0.3f, -2f, 0.01f};
    Parameters plain = vector(w0, g, 1f);
    Parameters ams = vector(w0, g, 1f);
    Adam adam = Adam.builder().lr(0.01).build();
    Adam amsgrad = Adam.builder().lr(0.01).amsgrad(true).build();
    for (int t = 0; t < 10; t++) {
      adam.step(plain);
      amsgrad.step(ams);
    }
    assertThat(ams.data()).containsExactly(plain.data());
  }

  // --- Lifecycle ----------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("configurations")
  void step_anyOptimizer_leavesGradientUntouched(Supplier<Optimizer> factory) {
    Parameters p = vector(new float[] {0.5f, -1f, 2f, 0f}, new float[] {0.3f, -2f, 0f, 1e-3f}, 1f);
    float[] before = p.grad().clone();
    Optimizer optimizer = factory.get();
    for (int t = 0; t < 3; t++) {
      optimizer.step(p);
    }
    assertThat(p.grad()).containsExactly(before);
  }

  /** The way a model uses it: several named tensors registered through Parameters.Builder. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("configurations")
  void step_freshParametersFromBuilder_updatesEveryTensor(Supplier<Optimizer> factory) {
    Parameters.Builder builder = new Parameters.Builder();
    builder.add("rnn.weight_ih_l0", 8, 3);
    builder.add("rnn.bias_ih_l0", 8);
    builder.add("head.weight", 1, 2);
    Parameters p = builder.build();
    for (Parameters.Tensor t : p.tensors()) {
      float[] values = new float[t.size()];
      Arrays.fill(values, 0.25f);
      p.set(t.name(), values);
    }
    Arrays.fill(p.grad(), 0.5f); // positive everywhere: every optimizer must decrease every weight

    Optimizer optimizer = factory.get();
    for (int t = 0; t < 3; t++) {
      optimizer.step(p);
    }

    assertThat(optimizer.steps()).isEqualTo(3);
    for (Parameters.Tensor t : p.tensors()) {
      for (float w : p.get(t.name())) {
        assertThat(w).as(t.name()).isLessThan(0.25f);
      }
    }
  }

  /** Three steps, state moved to a fresh copy, two more: the same as five steps in one. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("configurations")
  void restore_stateOfAnother_continuesBitIdentically(Supplier<Optimizer> factory) {
    float[] w0 = {0.5f, -1.25f, 2f, 0.1f};
    float[] g = {0.3f, -0.7f, 0.1f, -2f};
    Parameters a = vector(w0, g, 1f);
    Optimizer whole = factory.get();
    for (int t = 0; t < 5; t++) {
      whole.step(a);
    }
    Parameters b = vector(w0, g, 1f);
    Optimizer first = factory.get();
    assertThat(first.state().steps()).isZero();
    assertThat(first.state().size()).isEqualTo(-1);
    for (int t = 0; t < 3; t++) {
      first.step(b);
    }
    Optimizer.State s = first.state();
    float[] after3 = b.data().clone();
    first.step(b); // the exported state is a copy: later steps leave it alone
    Parameters c = vector(after3, g, 1f);
    Optimizer second = factory.get();
    second.restore(s);
    assertThat(second.steps()).isEqualTo(3);
    second.step(c);
    second.step(c);
    assertThat(c.data()).containsExactly(a.data());
    assertThat(second.steps()).isEqualTo(5);
  }

  @Test
  void restore_slotOfAnotherLength_throwsNamingTheSlot() {
    Optimizer adam = Adam.builder().build();
    adam.step(vector(new float[3], new float[] {1, 2, 3}, 1f));
    Optimizer.State s = adam.state();
    Optimizer.State bad = new Optimizer.State(s.steps(), 3,
        new float[][] {new float[3], new float[2], null});
    assertThatThrownBy(() -> Adam.builder().build().restore(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("slot 1 of the adam state is of length 2; this configuration keeps one of"
            + " length 3");
    assertThatThrownBy(() -> Sgd.builder().build().restore(s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a sgd state has 1 slots, got 3");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configurations")
  void step_zeroLr_leavesParametersUnchanged(Supplier<Optimizer> factory) {
    Parameters p = vector(new float[] {0.5f, -1f, 2f}, new float[] {0.3f, -2f, 1f}, 1f);
    float[] before = p.data().clone();
    Optimizer optimizer = factory.get();
    optimizer.setLr(0);
    optimizer.step(p);
    assertThat(p.data()).containsExactly(before);
    assertThat(optimizer.steps()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configurations")
  void step_parametersOfAnotherSize_throws(Supplier<Optimizer> factory) {
    Optimizer optimizer = factory.get();
    optimizer.step(vector(new float[3], new float[3], 1f));
    assertThatThrownBy(() -> optimizer.step(vector(new float[4], new float[4], 1f)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameters have 4 scalars")
        .hasMessageContaining("sized for 3");
    assertThat(optimizer.steps()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configurations")
  void step_nullParameters_throws(Supplier<Optimizer> factory) {
    assertThatThrownBy(() -> factory.get().step(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("parameters");
  }

  @Test
  void setLr_betweenSteps_usedByNextStep() {
    Parameters p = vector(new float[] {1f}, new float[] {1f}, 1f);
    Sgd sgd = Sgd.builder().lr(0.1).build();
    sgd.step(p);
    sgd.setLr(0.01);
    sgd.step(p);
    assertThat(sgd.lr()).isEqualTo(0.01);
    assertThat((double) p.data()[0]).isCloseTo(1 - 0.1 - 0.01, within(2 * ulp(1)));
  }

  @ParameterizedTest(name = "lr {0}")
  @ValueSource(doubles = {-1e-3, Double.NaN, Double.POSITIVE_INFINITY})
  void setLr_outOfRange_throwsAndKeepsLr(double lr) {
    Optimizer optimizer = Optimizers.byName("adam", 0.01);
    assertThatThrownBy(() -> optimizer.setLr(lr))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("lr must be finite and >= 0");
    assertThat(optimizer.lr()).isEqualTo(0.01);
  }

  // --- Construction -------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sgd", "adam", "adamw", "rmsprop"})
  void byName_knownName_returnsItWithLr(String name) {
    Optimizer optimizer = Optimizers.byName(name, 0.125);
    assertThat(optimizer.name()).isEqualTo(name);
    assertThat(optimizer.lr()).isEqualTo(0.125);
    assertThat(optimizer.steps()).isZero();
    assertThat(Optimizers.NAMES).contains(name);
  }

  /**
   * fresh(): the same hyperparameters, the lr as it is now, and no state. After three steps of the
   * original, the fresh copy's first three steps from the same start give the same parameters
   * bit for bit, and the original's state is untouched by the copy's steps.
   */
  static Stream<Arguments> configured() {
    return Stream.of(
        Arguments.of(Named.of("sgd nesterov", (Supplier<Optimizer>) () -> Sgd.builder().lr(0.1)
            .momentum(0.9).nesterov(true).weightDecay(0.01).build())),
        Arguments.of(Named.of("adam amsgrad", (Supplier<Optimizer>) () -> Adam.builder().lr(0.05)
            .betas(0.8, 0.95).eps(1e-6).weightDecay(0.1).amsgrad(true).build())),
        Arguments.of(Named.of("adamw", (Supplier<Optimizer>) () -> AdamW.builder().lr(0.05)
            .betas(0.7, 0.9).weightDecay(0.2).build())),
        Arguments.of(Named.of("rmsprop centred", (Supplier<Optimizer>) () -> RmsProp.builder()
            .lr(0.02).alpha(0.9).momentum(0.5).centered(true).weightDecay(0.1).build())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configured")
  void fresh_sameHyperparametersNoState(Supplier<Optimizer> make) {
    float[] w0 = {0.5f, -1.25f, 2f};
    float[] g = {0.3f, -0.7f, 0.1f};
    Optimizer original = make.get();
    Parameters a = vector(w0, g, 1);
    for (int i = 0; i < 3; i++) {
      original.step(a);
    }
    Optimizer copy = original.fresh();
    assertThat(copy).isNotSameAs(original).hasToString(original.toString());
    assertThat(copy.steps()).isZero();
    Parameters b = vector(w0, g, 1);
    for (int i = 0; i < 3; i++) {
      copy.step(b);
    }
    assertThat(b.data()).isEqualTo(a.data());
    assertThat(original.steps()).isEqualTo(3);
    // The learning rate as it is now.
    original.setLr(0.5);
    assertThat(original.fresh().lr()).isEqualTo(0.5);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sgd", "adam", "adamw", "rmsprop"})
  void byName_withoutLr_isTheBuildersDefault(String name) {
    Optimizer byName = Optimizers.byName(name);
    assertThat(byName.name()).isEqualTo(name);
    Optimizer built = switch (name) {
      case "sgd" -> Sgd.builder().build();
      case "adam" -> Adam.builder().build();
      case "adamw" -> AdamW.builder().build();
      default -> RmsProp.builder().build();
    };
    assertThat(byName).hasToString(built.toString());
    assertThatThrownBy(() -> Optimizers.byName("lbfgs"))
        .hasMessage("optimizer must be one of [sgd, adam, adamw, rmsprop], got 'lbfgs'");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "Adam", "lbfgs", "null"})
  void byName_unknownName_throwsListingNames(String name) {
    assertThatThrownBy(() -> Optimizers.byName(name, 0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("optimizer must be one of [sgd, adam, adamw, rmsprop], got '" + name + "'");
  }

  /** The defaults are PyTorch 1.13's (SGD's lr, required there, is PyTorch 2's). */
  @Test
  void builder_defaults_matchPyTorch() {
    Sgd sgd = Sgd.builder().build();
    assertThat(new double[] {sgd.lr(), sgd.momentum(), sgd.dampening(), sgd.weightDecay()})
        .containsExactly(1e-3, 0, 0, 0);
    assertThat(sgd.nesterov()).isFalse();
    Adam adam = Adam.builder().build();
    assertThat(new double[] {adam.lr(), adam.beta1(), adam.beta2(), adam.eps(), adam.weightDecay()})
        .containsExactly(1e-3, 0.9, 0.999, 1e-8, 0);
    assertThat(adam.amsgrad()).isFalse();
    AdamW adamW = AdamW.builder().build();
    assertThat(
            new double[] {
              adamW.lr(), adamW.beta1(), adamW.beta2(), adamW.eps(), adamW.weightDecay()
            })
        .containsExactly(1e-3, 0.9, 0.999, 1e-8, 0.01);
    RmsProp rmsProp = RmsProp.builder().build();
    assertThat(
            new double[] {
              rmsProp.lr(),
              rmsProp.alpha(),
              rmsProp.eps(),
              rmsProp.weightDecay(),
              rmsProp.momentum()
            })
        .containsExactly(1e-2, 0.99, 1e-8, 0, 0);
    assertThat(rmsProp.centered()).isFalse();
  }

  static Stream<Arguments> invalidHyperparameters() {
    return Stream.of(
        invalid("lr", () -> Sgd.builder().lr(-0.1).build()),
        invalid("lr", () -> Adam.builder().lr(Double.NaN).build()),
        invalid("lr", () -> RmsProp.builder().lr(Double.POSITIVE_INFINITY).build()),
        invalid("momentum", () -> Sgd.builder().momentum(1.0).build()),
        invalid("momentum", () -> Sgd.builder().momentum(-0.1).build()),
        invalid("dampening", () -> Sgd.builder().dampening(1.5).build()),
        invalid("weightDecay", () -> Sgd.builder().weightDecay(-1e-4).build()),
        invalid("nesterov", () -> Sgd.builder().nesterov(true).build()),
        invalid(
            "nesterov", () -> Sgd.builder().momentum(0.9).dampening(0.1).nesterov(true).build()),
        invalid("beta1", () -> Adam.builder().betas(1.0, 0.999).build()),
        invalid("beta2", () -> Adam.builder().betas(0.9, -0.5).build()),
        invalid("beta2", () -> AdamW.builder().betas(0.9, Double.NaN).build()),
        invalid("eps", () -> Adam.builder().eps(0).build()),
        invalid("eps", () -> AdamW.builder().eps(Double.POSITIVE_INFINITY).build()),
        invalid("weightDecay", () -> AdamW.builder().weightDecay(Double.NaN).build()),
        invalid("alpha", () -> RmsProp.builder().alpha(1.0).build()),
        invalid("eps", () -> RmsProp.builder().eps(-1e-8).build()),
        invalid("momentum", () -> RmsProp.builder().momentum(1.5).build()),
        invalid("weightDecay", () -> RmsProp.builder().weightDecay(-1).build()));
  }

  private static Arguments invalid(String name, ThrowingCallable build) {
    return Arguments.of(name, build);
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("invalidHyperparameters")
  void build_hyperparameterOutOfRange_throwsNamingIt(String name, ThrowingCallable build) {
    assertThatThrownBy(build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(name + " ");
  }

  // --- Double-precision twin ----------------------------------------------------------------

  /**
   * The twin (the same source with float replaced by double) runs the same algorithm, so after a
   * few steps the two agree to float32 rounding: 1e-5 relative leaves room for the float engine's
   * ulp-level roundings, while an algorithmic difference would be of the size of a step.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sgd", "adam", "adamw", "rmsprop"})
  void step_f64Twin_agreesWithFloatEngine(String name) {
    float[] w0 = {0.5f, -1f, 2f, 0.1f};
    float[][] grads = {{0.3f, -2f, 0f, 1f}, {-0.1f, 0.5f, 0.2f, 1f}, {0.05f, 1f, -0.3f, -2f}};
    Parameters p = vector(w0, new float[w0.length], 1f);
    org.lstmlab.f64.nn.Parameters.Builder b = new org.lstmlab.f64.nn.Parameters.Builder();
    b.add("p", w0.length);
    org.lstmlab.f64.nn.Parameters q = b.build();
    for (int i = 0; i < w0.length; i++) {
      q.data()[i] = w0[i];
    }
    Optimizer single = Optimizers.byName(name, 0.05);
    org.lstmlab.f64.optim.Optimizer twin = org.lstmlab.f64.optim.Optimizers.byName(name, 0.05);
    for (float[] g : grads) {
      System.arraycopy(g, 0, p.grad(), 0, g.length);
      for (int i = 0; i < g.length; i++) {
        q.grad()[i] = g[i];
      }
      single.step(p);
      twin.step(q);
    }
    for (int i = 0; i < w0.length; i++) {
      double e = q.data()[i];
      assertThat(Math.abs(p.data()[i] - e) / Math.max(Math.abs(e), 0.1))
          .as("w[%d]", i)
          .isLessThan(1e-5);
    }
  }

  // --- Helpers ------------------------------------------------------------------------------

  /** A one-tensor Parameters with the given values and gradients (scaled). */
  static Parameters vector(float[] values, float[] grads, float gradScale) {
    Parameters.Builder b = new Parameters.Builder();
    b.add("w", values.length);
    Parameters p = b.build();
    p.set("w", values);
    for (int i = 0; i < grads.length; i++) {
      p.grad()[i] = grads[i] * gradScale;
    }
    return p;
  }

  /** One float32 ulp at the magnitude of {@code x}. */
  static double ulp(double x) {
    return Math.ulp((float) x);
  }
}
