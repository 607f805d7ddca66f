package org.lstmlab.core.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlab.core.testing.Fixture;

/**
 * Golden parity with PyTorch 1.13's {@code mse_loss}, {@code l1_loss} and {@code huber_loss} (mean
 * reduction): values and autograd gradients from {@code tools/pytorch/optim_fixtures.py}, on a
 * hand-picked pair (differences below, at and above δ, and one exact zero) and a random 3×4 pair.
 *
 * <p>Tolerance 1e-6 relative (to max(|expected|, 1e-3) for gradients, so that exact zeros are
 * compared absolutely). PyTorch forms differences, squares and sums in float32, rounding each time;
 * we form them in double and round once, so the loss differs by a few float32 ulps (≤ 1.2e-7
 * relative each) and each gradient element by at most one or two.
 */
class LossFixtureTest {

  private static final Fixture FIXTURE = Fixture.load("optim/losses.json");
  private static final double RTOL = 1e-6;
  private static final double GRADIENT_FLOOR = 1e-3;

  static Stream<String> cases() {
    return FIXTURE.child("cases").keys().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void valueAndGradient_fixedPair_matchPyTorch(String name) {
    Fixture c = FIXTURE.child("cases").child(name);
    Loss loss = create(c.text("loss"), c.child("kwargs"));
    float[] pred = c.floats("pred");
    float[] target = c.floats("target");
    float[] expectedGrad = c.floats("grad");
    double expected = c.number("value");
    float[] dPred = new float[pred.length];

    double value = loss.value(pred, target);
    double fromGradient = loss.gradient(pred, target, dPred);

    assertThat(value).isCloseTo(expected, within(RTOL * Math.abs(expected)));
    assertThat(fromGradient).as("gradient's return value").isEqualTo(value);
    for (int i = 0; i < pred.length; i++) {
      double e = expectedGrad[i];
      assertThat((double) dPred[i])
          .as("%s dPred[%d]", name, i)
          .isCloseTo(e, within(RTOL * Math.max(Math.abs(e), GRADIENT_FLOOR)));
    }
  }

  /** The loss PyTorch's {@code F.<loss>(pred, target, **kwargs)} computes. */
  private static Loss create(String name, Fixture kwargs) {
    if (name.equals(Huber.NAME)) {
      assertThat(kwargs.keys()).containsExactly("delta");
      return new Huber(kwargs.number("delta"));
    }
    assertThat(kwargs.keys()).isEmpty();
    return Losses.byName(name);
  }
}
