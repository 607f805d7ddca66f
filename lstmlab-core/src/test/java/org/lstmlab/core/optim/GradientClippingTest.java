package org.lstmlab.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lstmlab.core.nn.Parameters;
import org.lstmlab.core.testing.Fixture;

/**
 * {@link GradientClipping} against {@code torch.nn.utils.clip_grad_norm_} (fixture from {@code
 * tools/pytorch/optim_fixtures.py}) and against hand-computed norms.
 *
 * <p>Tolerance 1e-6 relative. PyTorch sums squares per tensor in float32 and then combines the
 * tensor norms; we sum all squares in double. For 10 numbers of order 1 the two norms differ by a
 * few float32 ulps (≤ 1.2e-7 relative each), and the clipped gradients inherit that through the
 * coefficient plus one rounding of their own.
 */
class GradientClippingTest {

  private static final Fixture FIXTURE = Fixture.load("optim/clip_grad_norm.json");
  private static final double RTOL = 1e-6;

  static Stream<String> cases() {
    return FIXTURE.child("cases").keys().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void clipByGlobalNorm_twoTensors_matchesPyTorch(String name) {
    Fixture before = FIXTURE.child("grads_before");
    Fixture c = FIXTURE.child("cases").child(name);
    Fixture after = c.child("grads_after");
    Parameters.Builder builder = new Parameters.Builder();
    builder.add("a", before.shape("a"));
    builder.add("b", before.shape("b"));
    Parameters p = builder.build();
    for (String tensor : new String[] {"a", "b"}) {
      float[] g = before.floats(tensor);
      System.arraycopy(g, 0, p.grad(), p.tensor(tensor).offset(), g.length);
    }

    double norm = GradientClipping.clipByGlobalNorm(p, c.number("max_norm"));

    double expectedNorm = c.number("total_norm");
    assertThat(norm).isCloseTo(expectedNorm, within(RTOL * expectedNorm));
    for (String tensor : new String[] {"a", "b"}) {
      float[] actual = p.gradient(tensor);
      float[] expected = after.floats(tensor);
      for (int i = 0; i < expected.length; i++) {
        assertThat((double) actual[i])
            .as("%s[%d]", tensor, i)
            .isCloseTo(expected[i], within(RTOL * Math.abs(expected[i])));
      }
    }
  }

  /** A 3-4-5 triangle: norm 5, clipped to 1 by the factor 1/(5 + 1e-6). */
  @Test
  void clipByGlobalNorm_normAboveMax_scalesToMaxNorm() {
    Parameters p = gradients(3f, 0f, -4f);

    double norm = GradientClipping.clipByGlobalNorm(p, 1.0);

    assertThat(norm).isEqualTo(5.0);
    double coef = 1.0 / (5.0 + 1e-6);
    assertThat(p.grad()).containsExactly((float) (3 * coef), 0f, (float) (-4 * coef));
    assertThat(GradientClipping.globalNorm(p)).isCloseTo(1.0, within(1e-6));
  }

  @ParameterizedTest(name = "maxNorm {0}")
  @ValueSource(doubles = {5.0 + 1e-6, 10.0, 1e9})
  void clipByGlobalNorm_normBelowMax_leavesGradients(double maxNorm) {
    Parameters p = gradients(3f, 0f, -4f);

    double norm = GradientClipping.clipByGlobalNorm(p, maxNorm);

    assertThat(norm).isEqualTo(5.0);
    assertThat(p.grad()).containsExactly(3f, 0f, -4f);
  }

  /** As in PyTorch, a norm exactly at the maximum is still scaled by maxNorm/(norm + 1e-6) < 1. */
  @Test
  void clipByGlobalNorm_normEqualToMax_scalesByPyTorchCoefficient() {
    Parameters p = gradients(3f, 4f);
    GradientClipping.clipByGlobalNorm(p, 5.0);
    assertThat(p.grad())
        .containsExactly((float) (3 * 5 / (5 + 1e-6)), (float) (4 * 5 / (5 + 1e-6)));
  }

  @Test
  void clipByGlobalNorm_zeroGradient_returnsZeroAndLeavesIt() {
    Parameters p = gradients(0f, 0f);
    assertThat(GradientClipping.clipByGlobalNorm(p, 1.0)).isZero();
    assertThat(p.grad()).containsExactly(0f, 0f);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
  void clipByGlobalNorm_nonFiniteGradient_returnsItAndLeavesGradients(float bad) {
    Parameters p = gradients(3f, bad, -4f);

    double norm = GradientClipping.clipByGlobalNorm(p, 1.0);

    assertThat(Double.isFinite(norm)).isFalse();
    assertThat(p.grad()).containsExactly(3f, bad, -4f);
  }

  @Test
  void globalNorm_largeFloats_doesNotOverflow() {
    // 3e30² overflows float32 but not double, where the squares are summed.
    assertThat(GradientClipping.globalNorm(gradients(3e30f, 4e30f))).isCloseTo(5e30, within(1e24));
  }

  @ParameterizedTest(name = "maxNorm {0}")
  @ValueSource(doubles = {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY})
  void clipByGlobalNorm_maxNormOutOfRange_throws(double maxNorm) {
    Parameters p = gradients(1f);
    assertThatThrownBy(() -> GradientClipping.clipByGlobalNorm(p, maxNorm))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("maxNorm must be finite and > 0");
  }

  @Test
  void clipByGlobalNorm_nullParameters_throws() {
    assertThatThrownBy(() -> GradientClipping.clipByGlobalNorm(null, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("parameters");
  }

  private static Parameters gradients(float... g) {
    Parameters.Builder b = new Parameters.Builder();
    b.add("w", g.length);
    Parameters p = b.build();
    System.arraycopy(g, 0, p.grad(), 0, g.length);
    return p;
  }
}
