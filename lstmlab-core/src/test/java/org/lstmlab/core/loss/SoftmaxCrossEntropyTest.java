package org.lstmlab.core.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Softmax cross-entropy against values worked out by hand, against central differences in the
 * double-precision twin, at extreme logits, and its argument checks.
 */
class SoftmaxCrossEntropyTest {

  /**
   * Row 0: logits (1, 2, 3), class 2: loss = log(e + e² + e³) − 3 = log(1 + e⁻¹ + e⁻²) =
   * 0.40760596444438013, softmax = (e⁻², e⁻¹, 1) / (1 + e⁻¹ + e⁻²). Row 1: logits (0, 0, 0), class
   * 0: loss = log 3, softmax = ⅓ each. Mean loss 0.753109126556245; gradient (softmax − onehot)/2.
   * Values from Python's math module (exp, log) in double.
   */
  static final float[] LOGITS = {1f, 2f, 3f, 0f, 0f, 0f};

  static final double LOSS = 0.753109126556245;
  static final double[] GRADIENT = {
    0.04501528658519024, 0.12236423552739885, -0.167379522112589, -1.0 / 3, 1.0 / 6, 1.0 / 6
  };

  static Stream<Arguments> targetLayouts() {
    return Stream.of(
        Arguments.of(Named.of("class indices", new float[] {2f, 0f})),
        Arguments.of(Named.of("one-hot", new float[] {0f, 0f, 1f, 1f, 0f, 0f})));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targetLayouts")
  void gradient_handComputedRows_matchesValueAndDerivative(float[] target) {
    SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(3);
    float[] dLogits = {9f, 9f, 9f, 9f, 9f, 9f}; // overwritten, not accumulated into

    assertThat(ce.gradient(LOGITS, target, dLogits)).isCloseTo(LOSS, within(1e-7));
    assertThat(ce.value(LOGITS, target)).isCloseTo(LOSS, within(1e-7));
    for (int i = 0; i < GRADIENT.length; i++) {
      assertThat((double) dLogits[i]).as("dLogits[%d]", i).isCloseTo(GRADIENT[i], within(1e-7));
    }
  }

  @Test
  void value_uniformLogits_isLogOfClassCount() {
    SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(8);
    assertThat(ce.value(new float[16], new float[] {3f, 7f})).isEqualTo(Math.log(8));
  }

  /** A soft target: the loss is −Σ p log softmax, here with p = (½, ½) and equal logits: log 2. */
  @Test
  void value_softTargetOnEqualLogits_isLogTwo() {
    SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(2);
    float[] d = new float[2];
    assertThat(ce.gradient(new float[] {5f, 5f}, new float[] {0.5f, 0.5f}, d))
        .isCloseTo(Math.log(2), within(1e-15));
    assertThat(d[0]).isCloseTo(0f, within(1e-7f));
    assertThat(d[1]).isCloseTo(0f, within(1e-7f));
  }

  /**
   * Logits of ±1000 overflow exp() in float and in double; the shifted log-sum-exp gives the exact
   * answers: loss e^−1000 ≈ 0 on the right class, 1000 on a wrong one (and 2000 on the worst), and a
   * gradient of ±1 or 0 per row, all finite.
   */
  @Test
  void gradient_extremeLogits_staysFiniteAndExact() {
    SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(3);
    float[] logits = {1000f, 0f, -1000f, 1000f, 0f, -1000f, 1000f, 0f, -1000f};
    float[] target = {0f, 1f, 2f};
    float[] d = new float[9];

    double loss = ce.gradient(logits, target, d);

    assertThat(loss).isCloseTo((0 + 1000 + 2000) / 3.0, within(1e-9));
    float third = 1f / 3;
    assertThat(d).containsExactly(0f, 0f, 0f, third, -third, 0f, third, 0f, -third);
  }

  /**
   * Tier (a): central differences on the double twin, random logits of scale 3 and both target
   * layouts. With step 1e-6 the truncation error is O(h²) ≈ 1e-12 and the rounding error about
   * 1e-16 / 1e-6 = 1e-10, far below the 1e-8 asked.
   */
  @ParameterizedTest(name = "one-hot {0}")
  @ValueSource(booleans = {false, true})
  void gradient_randomLogits_matchesCentralDifferences(boolean oneHot) {
    int n = 4;
    int c = 5;
    org.lstmlab.f64.loss.SoftmaxCrossEntropy ce = new org.lstmlab.f64.loss.SoftmaxCrossEntropy(c);
    SplittableRandom random = new SplittableRandom(7);
    double[] logits = new double[n * c];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = 3 * (random.nextDouble() * 2 - 1);
    }
    double[] target = new double[oneHot ? n * c : n];
    for (int r = 0; r < n; r++) {
      int y = random.nextInt(c);
      target[oneHot ? r * c + y : r] = oneHot ? 1 : y;
    }
    double[] d = new double[n * c];
    ce.gradient(logits, target, d);
    double h = 1e-6;
    for (int i = 0; i < logits.length; i++) {
      double saved = logits[i];
      logits[i] = saved + h;
      double up = ce.value(logits, target);
      logits[i] = saved - h;
      double down = ce.value(logits, target);
      logits[i] = saved;
      assertThat(d[i]).as("dLogits[%d]", i).isCloseTo((up - down) / (2 * h), within(1e-8));
    }
  }

  /** Each row's gradient sums to zero: softmax and the target both sum to 1. */
  @Test
  void gradient_anyRow_sumsToZero() {
    SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(4);
    SplittableRandom random = new SplittableRandom(3);
    float[] logits = new float[12];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) (4 * random.nextDouble() - 2);
    }
    float[] d = new float[12];
    ce.gradient(logits, new float[] {0f, 3f, 1f}, d);
    for (int r = 0; r < 3; r++) {
      assertThat(d[4 * r] + d[4 * r + 1] + d[4 * r + 2] + d[4 * r + 3]).isCloseTo(0f, within(1e-7f));
    }
  }

  @Test
  void accuracy_rows_countsArgmaxHitsWithTiesToLowerClass() {
    SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(3);
    float[] logits = {
      0f, 5f, 1f, // argmax 1
      2f, 2f, 0f, // tie: class 0
      0f, 0f, 9f, // argmax 2
      1f, 0f, 0f // argmax 0
    };
    assertThat(ce.accuracy(logits, new float[] {1f, 1f, 2f, 2f})).isEqualTo(0.5);
  }

  // --- Argument checks ----------------------------------------------------------------------

  static Stream<Arguments> badArguments() {
    SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(3);
    float[] logits = new float[6];
    return Stream.of(
        bad("logits null", "logits is null", () -> ce.value(null, new float[2])),
        bad("logits empty", "logits is empty", () -> ce.value(new float[0], new float[0])),
        bad("logits ragged", "logits has 5 elements", () -> ce.value(new float[5], new float[2])),
        bad("target null", "target is null", () -> ce.value(logits, null)),
        bad("target length", "target has 3 elements", () -> ce.value(logits, new float[3])),
        bad("class too large", "target[1] = 3.0", () -> ce.value(logits, new float[] {0f, 3f})),
        bad("class negative", "target[0] = -1.0", () -> ce.value(logits, new float[] {-1f, 0f})),
        bad("class fraction", "target[0] = 0.5", () -> ce.value(logits, new float[] {0.5f, 0f})),
        bad("row sum", "target row 1 sums to 2.0",
            () -> ce.value(logits, new float[] {1f, 0f, 0f, 1f, 1f, 0f})),
        bad("negative probability", "target row 0 has -0.5",
            () -> ce.value(logits, new float[] {1.5f, -0.5f, 0f, 1f, 0f, 0f})),
        bad("dLogits short", "dLogits has 2 elements",
            () -> ce.gradient(logits, new float[2], new float[2])));
  }

  private static Arguments bad(String description, String message, ThrowingCallable call) {
    return Arguments.of(Named.of(description, call), message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badArguments")
  void valueOrGradient_badArgument_throwsNamingIt(ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @ParameterizedTest(name = "classes {0}")
  @ValueSource(ints = {1, 0, -2})
  void constructor_fewerThanTwoClasses_throws(int classes) {
    assertThatThrownBy(() -> new SoftmaxCrossEntropy(classes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("classes must be >= 2, got " + classes);
  }

  @Test
  void probabilities_handComputedAndExtremeRows_areSoftmax() {
    SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(3);
    // Row 0: logits 0, ln 2, ln 5 give probabilities 1/8, 2/8, 5/8. Row 1: a logit of 1e4 would
    // overflow exp without the max subtracted; it takes all the mass.
    float[] p = ce.probabilities(new float[] {0, (float) Math.log(2), (float) Math.log(5),
        1e4f, 0, -1e4f});
    assertThat(p[0]).isCloseTo(0.125f, within(1e-6f));
    assertThat(p[1]).isCloseTo(0.25f, within(1e-6f));
    assertThat(p[2]).isCloseTo(0.625f, within(1e-6f));
    assertThat(new float[] {p[3], p[4], p[5]}).containsExactly(1f, 0f, 0f);
  }
}
