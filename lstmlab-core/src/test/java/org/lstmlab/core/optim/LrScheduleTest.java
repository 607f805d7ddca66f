package org.lstmlab.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlab.core.testing.Fixture;

/**
 * The learning-rate schedules against {@code torch.optim.lr_scheduler} (fixture from {@code
 * tools/pytorch/optim_fixtures.py}) and against their formulas at chosen epochs.
 *
 * <p>Tolerance 1e-12 relative: PyTorch's schedulers update the rate recursively in double
 * (CosineAnnealingLR multiplies ratios of cosines epoch by epoch), we evaluate the closed form; the
 * two differ by a few double roundings per epoch over 12 epochs.
 */
class LrScheduleTest {

  private static final Fixture FIXTURE = Fixture.load("optim/lr_schedules.json");
  private static final double RTOL = 1e-12;

  static Stream<String> cases() {
    return FIXTURE.child("cases").keys().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void lr_epochs0To12_matchesPyTorch(String name) {
    Fixture c = FIXTURE.child("cases").child(name);
    Fixture kwargs = c.child("kwargs");
    double base = c.number("base_lr");
    LrSchedule schedule =
        switch (name) {
          case "step_lr" -> new StepLr(base, kwargs.integer("step_size"), kwargs.number("gamma"));
          case "cosine_annealing_lr" ->
              new CosineLr(base, kwargs.integer("T_max"), kwargs.number("eta_min"));
          case "linear_lr" -> {
            assertThat(kwargs.number("end_factor")).isEqualTo(1.0);
            yield new LinearWarmup(
                new ConstantLr(base), kwargs.number("start_factor"), kwargs.integer("total_iters"));
          }
          default -> throw new AssertionError("fixture names an unknown schedule " + name);
        };
    double[] expected = c.array("lr");
    for (int epoch = 0; epoch < expected.length; epoch++) {
      assertThat(schedule.lr(epoch))
          .as("%s epoch %d", name, epoch)
          .isCloseTo(expected[epoch], within(RTOL * expected[epoch]));
    }
  }

  @Test
  void lr_constant_sameEveryEpoch() {
    ConstantLr schedule = new ConstantLr(0.3);
    assertThat(new double[] {schedule.lr(0), schedule.lr(1), schedule.lr(1000)})
        .containsExactly(0.3, 0.3, 0.3);
  }

  @Test
  void lr_stepLr_decaysAtMultiplesOfStepSize() {
    StepLr schedule = new StepLr(1.0, 2, 0.1);
    assertThat(
            new double[] {
              schedule.lr(0), schedule.lr(1), schedule.lr(2), schedule.lr(3), schedule.lr(4)
            })
        .containsExactly(1.0, 1.0, 0.1, 0.1, 0.1 * 0.1);
  }

  /** Start, middle, end, and past tMax the cosine rises again (as PyTorch's) back to baseLr. */
  @Test
  void lr_cosine_followsHalfPeriodThenRises() {
    CosineLr schedule = new CosineLr(0.1, 10, 0.001);
    assertThat(schedule.lr(0)).isEqualTo(0.1);
    assertThat(schedule.lr(5)).isCloseTo((0.1 + 0.001) / 2, within(1e-15));
    assertThat(schedule.lr(10)).isCloseTo(0.001, within(1e-15));
    assertThat(schedule.lr(13)).isCloseTo(schedule.lr(7), within(1e-15));
    assertThat(schedule.lr(20)).isCloseTo(0.1, within(1e-15));
  }

  @Test
  void lr_linearWarmup_rampsThenFollowsWrappedSchedule() {
    StepLr after = new StepLr(0.2, 5, 0.5);
    LinearWarmup schedule = new LinearWarmup(after, 0.5, 4);
    assertThat(schedule.lr(0)).isCloseTo(0.1, within(1e-15));
    assertThat(schedule.lr(2)).isCloseTo(0.75 * 0.2, within(1e-15));
    for (int epoch = 4; epoch < 12; epoch++) {
      assertThat(schedule.lr(epoch)).as("epoch %d", epoch).isEqualTo(after.lr(epoch));
    }
  }

  /** How a trainer applies a schedule: setLr at the start of each epoch. */
  @Test
  void setLr_fromSchedule_optimizerUsesScheduledRate() {
    Optimizer optimizer = Optimizers.byName("sgd", 1.0);
    LrSchedule schedule = new StepLr(0.1, 3, 0.5);
    for (int epoch = 0; epoch < 7; epoch++) {
      optimizer.setLr(schedule.lr(epoch));
      assertThat(optimizer.lr()).as("epoch %d", epoch).isEqualTo(schedule.lr(epoch));
    }
    assertThat(optimizer.lr()).isEqualTo(0.1 * 0.25);
  }

  static Stream<Named<LrSchedule>> schedules() {
    return Stream.of(
        Named.of("constant", new ConstantLr(0.1)),
        Named.of("step", new StepLr(0.1, 3, 0.5)),
        Named.of("cosine", new CosineLr(0.1, 10, 0.0)),
        Named.of("warmup", new LinearWarmup(new ConstantLr(0.1), 0.1, 5)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schedules")
  void lr_negativeEpoch_throws(LrSchedule schedule) {
    assertThatThrownBy(() -> schedule.lr(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("epoch must be >= 0, got -1");
  }

  static Stream<Arguments> invalidSchedules() {
    return Stream.of(
        invalid("lr", () -> new ConstantLr(Double.NaN)),
        invalid("baseLr", () -> new StepLr(-0.1, 3, 0.5)),
        invalid("stepSize", () -> new StepLr(0.1, 0, 0.5)),
        invalid("gamma", () -> new StepLr(0.1, 3, 0.0)),
        invalid("baseLr", () -> new CosineLr(Double.POSITIVE_INFINITY, 10, 0.0)),
        invalid("tMax", () -> new CosineLr(0.1, -1, 0.0)),
        invalid("etaMin", () -> new CosineLr(0.1, 10, -1e-3)),
        invalid("after", () -> new LinearWarmup(null, 0.1, 5)),
        invalid("startFactor", () -> new LinearWarmup(new ConstantLr(0.1), 0.0, 5)),
        invalid("startFactor", () -> new LinearWarmup(new ConstantLr(0.1), 1.5, 5)),
        invalid("warmupEpochs", () -> new LinearWarmup(new ConstantLr(0.1), 0.1, 0)));
  }

  private static Arguments invalid(String name, ThrowingCallable create) {
    return Arguments.of(name, create);
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("invalidSchedules")
  void constructor_argumentOutOfRange_throwsNamingIt(String name, ThrowingCallable create) {
    assertThatThrownBy(create)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(name + " ");
  }
}
