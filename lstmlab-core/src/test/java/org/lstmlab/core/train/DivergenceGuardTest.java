package org.lstmlab.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The divergence rule: non-finite losses, and growth over the first steps' largest loss. */
class DivergenceGuardTest {

  /** A guard that has seen the ten warm-up losses 0.1, 0.2, ..., 1.0: reference 1.0. */
  static DivergenceGuard warmedUp() {
    DivergenceGuard g = new DivergenceGuard();
    for (int i = 1; i <= DivergenceGuard.WARMUP; i++) {
      assertThat(g.check(0.1 * i)).isNull();
    }
    assertThat(g.reference()).isEqualTo(1.0);
    return g;
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY})
  void check_nonFinite_isRefusedFromTheFirstStep(double loss) {
    assertThat(new DivergenceGuard().check(loss)).isEqualTo("loss is " + loss);
    assertThat(warmedUp().check(loss)).isEqualTo("loss is " + loss);
  }

  @Test
  void check_afterWarmup_growthUpToTheFactorPassesAndBeyondItIsRefused() {
    DivergenceGuard g = warmedUp();
    assertThat(g.check(1e4)).isNull(); // exactly GROWTH × reference: still accepted
    assertThat(g.check(0.999e4)).isNull();
    assertThat(g.check(1.001e4)).isEqualTo(
        "loss is 1.001e+04, over 10000 times the largest loss of the first steps (1.000)");
    // Accepted losses after the warm-up do not move the reference.
    assertThat(g.reference()).isEqualTo(1.0);
  }

  /** A guard after a lucky first window (loss 1e-6) and an ordinary second one (0.5). */
  static DivergenceGuard luckyStart() {
    DivergenceGuard g = new DivergenceGuard();
    assertThat(g.check(1e-6)).isNull();
    assertThat(g.check(0.5)).isNull(); // 5e5 times the first, and accepted
    assertThat(g.reference()).isEqualTo(0.5);
    return g;
  }

  @Test
  void check_duringWarmup_allowsTheSquaredFactorOverTheLargestSoFar() {
    assertThat(luckyStart().check(0.5e8)).isNull(); // exactly GROWTH² × 0.5
    assertThat(luckyStart().check(0.51e8)).isEqualTo(
        "loss is 5.100e+07, over 100000000 times the largest loss of the first steps (0.5000)");
  }

  /** What Adam at lr 1e6 does: a sane first loss, then 1e12 at once. */
  @Test
  void check_explosionAtTheSecondStep_isRefused() {
    DivergenceGuard g = new DivergenceGuard();
    assertThat(g.check(0.6)).isNull();
    assertThat(g.check(5e12)).startsWith("loss is 5.000e+12, over 100000000 times");
  }

  @Test
  void check_zeroReference_neverCountsGrowth() {
    DivergenceGuard g = new DivergenceGuard();
    for (int i = 0; i < 12; i++) {
      assertThat(g.check(0)).isNull();
    }
    assertThat(g.check(3)).isNull();
  }
}
