package org.lstmlab.core.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The losses against hand-computed values, against central differences (in the double-precision
 * twin), against identities that tie them together, and their argument checks.
 */
class LossTest {

  static Stream<Named<Loss>> losses() {
    return Stream.of(
        Named.of("mse", new Mse()),
        Named.of("mae", new Mae()),
        Named.of("huber", new Huber()),
        Named.of("huber(0.5)", new Huber(0.5)));
  }

  /**
   * pred − target = (0, 2, −2, 0.5): MSE = (0 + 4 + 4 + 0.25)/4, MAE = (0 + 2 + 2 + 0.5)/4, and
   * Huber(δ = 1) = (0 + 1.5 + 1.5 + 0.125)/4, with gradients 2d/n, sign(d)/n and clip(d, ±1)/n.
   */
  static Stream<Arguments> handComputed() {
    return Stream.of(
        Arguments.of(new Mse(), 8.25 / 4, new float[] {0, 1, -1, 0.25f}),
        Arguments.of(new Mae(), 4.5 / 4, new float[] {0, 0.25f, -0.25f, 0.25f}),
        Arguments.of(new Huber(1.0), 3.125 / 4, new float[] {0, 0.25f, -0.25f, 0.125f}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("handComputed")
  void gradient_handComputedPair_matchesValueAndDerivative(Loss loss, double value, float[] grad) {
    float[] pred = {1f, 2f, 3f, -0.5f};
    float[] target = {1f, 0f, 5f, -1f};
    float[] dPred = {7f, 7f, 7f, 7f}; // overwritten, not accumulated into

    assertThat(loss.gradient(pred, target, dPred)).isEqualTo(value);
    assertThat(loss.value(pred, target)).isEqualTo(value);
    assertThat(dPred).containsExactly(grad);
  }

  /**
   * Tier (a): central differences on the double twin, at points at least 0.05 away from the kinks
   * of MAE (d = 0) and Huber (|d| = δ), where the derivative is smooth. With step 1e-6 the
   * truncation error is O(h²) and the cancellation error O(1e-16/h), both far below 1e-8.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"mse", "mae", "huber"})
  void gradient_awayFromKinks_matchesCentralDifferences(String name) {
    org.lstmlab.f64.loss.Loss loss = org.lstmlab.f64.loss.Losses.byName(name);
    Random random = new Random(42);
    int n = 12;
    double[] pred = new double[n];
    double[] target = new double[n];
    for (int i = 0; i < n; i++) {
      target[i] = random.nextGaussian();
      double d;
      do {
        d = 3 * random.nextGaussian();
      } while (Math.abs(d) < 0.05 || Math.abs(Math.abs(d) - 1) < 0.05);
      pred[i] = target[i] + d;
    }
    double[] dPred = new double[n];
    loss.gradient(pred, target, dPred);
    double h = 1e-6;
    for (int i = 0; i < n; i++) {
      double saved = pred[i];
      pred[i] = saved + h;
      double up = loss.value(pred, target);
      pred[i] = saved - h;
      double down = loss.value(pred, target);
      pred[i] = saved;
      assertThat(dPred[i]).as("dPred[%d]", i).isCloseTo((up - down) / (2 * h), within(1e-8));
    }
  }

  /**
   * With δ larger than every |d| Huber is all quadratic: exactly half the MSE, and its gradient.
   */
  @Test
  void huber_deltaAboveEveryError_isHalfMse() {
    float[] pred = {0.5f, -2f, 3f, 1e-3f};
    float[] target = {1f, 1f, -1f, 0f};
    float[] dHuber = new float[4];
    float[] dMse = new float[4];
    double huber = new Huber(100).gradient(pred, target, dHuber);
    double mse = new Mse().gradient(pred, target, dMse);
    assertThat(huber).isCloseTo(mse / 2, within(1e-15));
    for (int i = 0; i < 4; i++) {
      assertThat(dHuber[i]).isEqualTo(dMse[i] / 2);
    }
  }

  /** With δ at most every |d| Huber is all linear: δ·MAE − δ²/2, and δ times MAE's gradient. */
  @Test
  void huber_deltaBelowEveryError_isScaledMaeMinusConstant() {
    float[] pred = {0.5f, -2f, 3f, 0.25f};
    float[] target = {1f, 1f, -1f, 0f};
    double delta = 0.25;
    float[] dHuber = new float[4];
    float[] dMae = new float[4];
    double huber = new Huber(delta).gradient(pred, target, dHuber);
    double mae = new Mae().gradient(pred, target, dMae);
    assertThat(huber).isCloseTo(delta * mae - delta * delta / 2, within(1e-15));
    for (int i = 0; i < 4; i++) {
      assertThat((double) dHuber[i]).isEqualTo(delta * dMae[i]);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void gradient_predOnTarget_zeroLossAndGradient(Loss loss) {
    float[] x = {0.5f, -3f, 0f};
    float[] dPred = {1f, 1f, 1f};
    assertThat(loss.gradient(x, x.clone(), dPred)).isZero();
    assertThat(dPred).containsOnly(0f);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void valueAndGradient_inputs_leftUnchanged(Loss loss) {
    float[] pred = {0.5f, -3f, 2f};
    float[] target = {1f, 1f, 2f};
    float[] predCopy = pred.clone();
    float[] targetCopy = target.clone();
    loss.value(pred, target);
    loss.gradient(pred, target, new float[3]);
    assertThat(pred).containsExactly(predCopy);
    assertThat(target).containsExactly(targetCopy);
  }

  // --- Argument checks ----------------------------------------------------------------------

  static Stream<Arguments> badArguments() {
    float[] three = new float[3];
    float[] two = new float[2];
    return losses()
        .flatMap(
            named -> {
              Loss l = named.getPayload();
              String n = named.getName();
              return Stream.of(
                  bad(n + " value, pred null", "pred", () -> l.value(null, three)),
                  bad(n + " value, pred empty", "pred", () -> l.value(new float[0], new float[0])),
                  bad(n + " value, target null", "target", () -> l.value(three, null)),
                  bad(n + " value, target short", "target", () -> l.value(three, two)),
                  bad(n + " gradient, target long", "target", () -> l.gradient(two, three, two)),
                  bad(n + " gradient, dPred null", "dPred", () -> l.gradient(three, three, null)),
                  bad(n + " gradient, dPred short", "dPred", () -> l.gradient(three, three, two)));
            });
  }

  private static Arguments bad(String description, String argument, ThrowingCallable call) {
    return Arguments.of(Named.of(description, call), argument);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badArguments")
  void valueOrGradient_badArray_throwsNamingIt(ThrowingCallable call, String argument) {
    assertThatThrownBy(call)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(argument + " ");
  }

  @ParameterizedTest(name = "delta {0}")
  @ValueSource(doubles = {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY})
  void huber_deltaOutOfRange_throws(double delta) {
    assertThatThrownBy(() -> new Huber(delta))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delta must be finite and > 0, got " + delta);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"mse", "mae", "huber"})
  void byName_knownName_returnsIt(String name) {
    Loss loss = Losses.byName(name);
    assertThat(loss.name()).isEqualTo(name);
    assertThat(Losses.NAMES).contains(name);
  }

  @Test
  void byName_huber_hasPyTorchDefaultDelta() {
    assertThat(((Huber) Losses.byName("huber")).delta()).isEqualTo(1.0);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "MSE", "l1", "smooth_l1"})
  void byName_unknownName_throwsListingNames(String name) {
    assertThatThrownBy(() -> Losses.byName(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("loss must be one of [mse, mae, huber], got '" + name + "'");
  }

  @Test
  void byName_null_throws() {
    assertThatThrownBy(() -> Losses.byName(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 'null'");
  }

  /**
   * |d| = (1e8, 1 × 8, 1e8): in float32 1e8 + 1 rounds back to 1e8 (its ulp is 8), so a float
   * accumulator would lose all eight ones; the double sum keeps them.
   */
  @Test
  void value_smallTermsAfterLargeOnes_accumulatesInDouble() {
    float[] pred = new float[10];
    Arrays.fill(pred, 1f);
    pred[0] = 1e8f;
    pred[9] = -1e8f;
    assertThat(new Mae().value(pred, new float[10])).isEqualTo((2e8 + 8) / 10);
  }
}
