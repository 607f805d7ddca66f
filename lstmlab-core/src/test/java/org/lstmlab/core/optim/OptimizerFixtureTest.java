package org.lstmlab.core.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlab.core.nn.Parameters;
import org.lstmlab.core.testing.Fixture;

/**
 * Golden parity with {@code torch.optim} 1.13: fixtures written by {@code
 * tools/pytorch/optim_fixtures.py}. Each case starts from the same parameters p0 (N = 7), sets the
 * gradient by hand before each of 5 steps, and compares the parameters after every step.
 *
 * <p>Tolerance: 1e-6 relative to max(|expected|, 0.1), i.e. 8 to 16 float32 units in the last place
 * (ulp) for parameters of magnitude ≥ 0.1 and 1e-7 absolute below. Both sides store the parameters
 * and the state in float32, but PyTorch rounds after every intermediate operation while we round
 * once per stored value, so each step may differ by an ulp or so of its operands (|w| and
 * |lr·update|), and five steps accumulate that; the largest difference seen is 5 ulps (RMSprop).
 * The floor of 0.1 keeps a parameter that lands near zero, by cancellation, from demanding a
 * relative accuracy its operands never had. A wrong formula moves parameters by far more: dampening
 * on SGD's first step, or a missing bias correction, by 1e-3 or more.
 */
class OptimizerFixtureTest {

  private static final Fixture FIXTURE = Fixture.load("optim/optimizers.json");
  private static final double RTOL = 1e-6;
  private static final double FLOOR = 0.1;

  static Stream<String> cases() {
    return FIXTURE.child("cases").keys().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void step_fixedGradients_matchesPyTorch(String name) {
    Fixture c = FIXTURE.child("cases").child(name);
    Optimizer optimizer = fromTorch(c.text("optimizer"), c.child("kwargs"));
    float[] p0 = FIXTURE.floats("p0");
    float[] grads = FIXTURE.floats("grads"); // (STEPS, N)
    float[] expected = c.floats("params"); // (STEPS, N), parameters after each step
    int n = p0.length;
    int steps = FIXTURE.shape("grads")[0];
    assertThat(c.shape("params")).containsExactly(steps, n);

    Parameters p = vector(n);
    System.arraycopy(p0, 0, p.data(), 0, n);
    for (int s = 0; s < steps; s++) {
      System.arraycopy(grads, s * n, p.grad(), 0, n);
      optimizer.step(p);
      for (int i = 0; i < n; i++) {
        double e = expected[s * n + i];
        double err = Math.abs(p.data()[i] - e) / Math.max(Math.abs(e), FLOOR);
        assertThat(err)
            .as("%s step %d, w[%d] = %s vs PyTorch %s", name, s + 1, i, p.data()[i], e)
            .isLessThan(RTOL);
      }
    }
    assertThat(optimizer.steps()).isEqualTo(steps);
  }

  /** A Parameters holding one vector of {@code n} scalars, as the fixture's single tensor. */
  static Parameters vector(int n) {
    Parameters.Builder b = new Parameters.Builder();
    b.add("p", n);
    return b.build();
  }

  /**
   * The optimizer PyTorch's constructor call {@code kind(params, **kwargs)} describes. Every kwarg
   * must be mapped here, so that a new fixture option cannot be silently ignored.
   */
  static Optimizer fromTorch(String kind, Fixture kwargs) {
    switch (kind) {
      case "sgd" -> {
        assertThat(kwargs.keys())
            .isSubsetOf(List.of("lr", "momentum", "dampening", "nesterov", "weight_decay"));
        return Sgd.builder()
            .lr(kwargs.number("lr"))
            .momentum(number(kwargs, "momentum", Sgd.DEFAULT_MOMENTUM))
            .dampening(number(kwargs, "dampening", Sgd.DEFAULT_DAMPENING))
            .nesterov(flag(kwargs, "nesterov"))
            .weightDecay(number(kwargs, "weight_decay", Sgd.DEFAULT_WEIGHT_DECAY))
            .build();
      }
      case "adam" -> {
        assertThat(kwargs.keys()).isSubsetOf(List.of("lr", "weight_decay", "amsgrad"));
        return Adam.builder()
            .lr(kwargs.number("lr"))
            .weightDecay(number(kwargs, "weight_decay", Adam.DEFAULT_WEIGHT_DECAY))
            .amsgrad(flag(kwargs, "amsgrad"))
            .build();
      }
      case "adamw" -> {
        assertThat(kwargs.keys()).isSubsetOf(List.of("lr", "weight_decay", "amsgrad"));
        return AdamW.builder()
            .lr(kwargs.number("lr"))
            .weightDecay(number(kwargs, "weight_decay", AdamW.DEFAULT_WEIGHT_DECAY))
            .amsgrad(flag(kwargs, "amsgrad"))
            .build();
      }
      case "rmsprop" -> {
        assertThat(kwargs.keys()).isSubsetOf(List.of("lr", "momentum", "centered", "weight_decay"));
        return RmsProp.builder()
            .lr(kwargs.number("lr"))
            .momentum(number(kwargs, "momentum", RmsProp.DEFAULT_MOMENTUM))
            .centered(flag(kwargs, "centered"))
            .weightDecay(number(kwargs, "weight_decay", RmsProp.DEFAULT_WEIGHT_DECAY))
            .build();
      }
      default -> throw new AssertionError("fixture names an unknown optimizer " + kind);
    }
  }

  private static double number(Fixture kwargs, String key, double otherwise) {
    return kwargs.has(key) ? kwargs.number(key) : otherwise;
  }

  private static boolean flag(Fixture kwargs, String key) {
    return kwargs.has(key) && Boolean.parseBoolean(kwargs.text(key));
  }
}
