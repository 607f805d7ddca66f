package org.lstmlab.core.lags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lstmlab.core.nn.SequenceModel;

/**
 * The generators: shapes, the placement of markers and symbols, determinism by seed, and the
 * baselines' scores on generated data against their exact expectations.
 */
class LagTaskTest {

  // --- Common to all tasks ------------------------------------------------------------------

  @ParameterizedTest(name = "{0} T={1}")
  @CsvSource({
    "adding, 7, 7, 2, 1, LAST",
    "adding, 100, 100, 2, 1, LAST",
    "order, 10, 10, 8, 4, LAST",
    "order, 100, 100, 8, 4, LAST",
    "copy, 1, 21, 10, 10, ALL",
    "copy, 50, 70, 10, 10, ALL"
  })
  void batch_anyTask_hasDocumentedShapes(
      String name, int length, int steps, int in, int out, SequenceModel.Outputs outputs) {
    LagTask task = LagTask.create(name, length);
    Batch b = task.batch(3, 5L);

    assertThat(task.name()).isEqualTo(name);
    assertThat(task.length()).isEqualTo(length);
    assertThat(task.steps()).isEqualTo(steps);
    assertThat(task.inputSize()).isEqualTo(in);
    assertThat(task.outputSize()).isEqualTo(out);
    assertThat(task.outputs()).isEqualTo(outputs);
    assertThat(b.size()).isEqualTo(3);
    assertThat(b.steps()).isEqualTo(steps);
    assertThat(b.x()).hasSize(3 * steps * in);
    assertThat(b.y()).hasSize(outputs == SequenceModel.Outputs.ALL ? 3 * steps : 3);
  }

  @ParameterizedTest(name = "{0} T={1}")
  @CsvSource({
    "adding, 50, 'Each sequence has 50 random numbers', 'up to 49 steps', '0.167'",
    "order, 50, 'Each sequence has 50 symbols', '(steps 5\u201310 and 25\u201330)', '1.386'",
    "copy, 10, 'then 9 blanks and a delimiter', 'waiting 20 steps', '0.693'",
    "copy, 50, 'then 49 blanks and a delimiter', 'at every one of the 70 steps', '0.297'"
  })
  void description_anyTask_namesItsLagAndItsBaselinesExpectedScore(
      String name, int length, String opening, String lag, String baseline) {
    LagTask task = LagTask.create(name, length);

    assertThat(task.description()).contains(opening, lag);
    assertThat(task.baselineDescription()).contains(baseline);
    assertThat(String.format(java.util.Locale.ROOT, "%.3f", task.expectedBaseline().loss()))
        .isEqualTo(baseline);
    assertThat(task.title()).isNotBlank();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"adding", "order", "copy"})
  void batch_sameSeed_sameBatchAndDifferentSeedDiffers(String name) {
    LagTask task = LagTask.create(name, 30);
    Batch a = task.batch(4, 11L);
    Batch b = task.batch(4, 11L);
    Batch c = task.batch(4, 12L);

    assertThat(b.x()).containsExactly(a.x());
    assertThat(b.y()).containsExactly(a.y());
    assertThat(c.x()).isNotEqualTo(a.x());
  }

  /** Successive batches from one random source continue the stream: they differ from each other. */
  @Test
  void batch_successiveDrawsFromOneStream_differ() {
    LagTask task = new AddingProblem(20);
    SplittableRandom random = new SplittableRandom(1);
    assertThat(task.batch(2, random).x()).isNotEqualTo(task.batch(2, random).x());
  }

  @ParameterizedTest(name = "{0} T={1}")
  @CsvSource({"adding, 1", "order, 9", "copy, 0", "adding, -5"})
  void create_lengthTooShort_throwsNamingLength(String name, int length) {
    assertThatThrownBy(() -> LagTask.create(name, length))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("length must be >= ")
        .hasMessageEndingWith(", got " + length);
  }

  @Test
  void create_unknownName_throwsListingNames() {
    assertThatThrownBy(() -> LagTask.create("parity", 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task must be one of [adding, order, copy], got 'parity'");
  }

  @Test
  void batch_nonPositiveSize_throws() {
    assertThatThrownBy(() -> new CopyTask(5).batch(0, 1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch size must be > 0, got 0");
  }

  // --- Adding problem -----------------------------------------------------------------------

  /** Exactly two markers, one in [0, ⌊T/2⌋) and one in [⌊T/2⌋, T); y is their values' sum. */
  @ParameterizedTest(name = "T={0}")
  @ValueSource(ints = {2, 3, 30, 101})
  void adding_everySequence_hasOneMarkerPerHalfAndSumTarget(int length) {
    Batch b = new AddingProblem(length).batch(200, 3L);
    int half = length / 2;
    for (int s = 0; s < b.size(); s++) {
      int first = -1;
      int second = -1;
      int markers = 0;
      for (int t = 0; t < length; t++) {
        float value = b.x()[(s * length + t) * 2];
        float marker = b.x()[(s * length + t) * 2 + 1];
        assertThat(value).isBetween(0f, 1f);
        assertThat(marker).isIn(0f, 1f);
        if (marker == 1f) {
          markers++;
          if (t < half) {
            first = t;
          } else {
            second = t;
          }
        }
      }
      assertThat(markers).as("markers in sequence %d", s).isEqualTo(2);
      assertThat(first).as("first marker").isBetween(0, half - 1);
      assertThat(second).as("second marker").isBetween(half, length - 1);
      float expected = b.x()[(s * length + first) * 2] + b.x()[(s * length + second) * 2];
      assertThat(b.y()[s]).isEqualTo(expected);
    }
  }

  /** Each position of a half is marked equally often: 10 positions, 20 000 draws, ≈ 2 000 each. */
  @Test
  void adding_markerPositions_areUniformWithinEachHalf() {
    int length = 20;
    Batch b = new AddingProblem(length).batch(20_000, 9L);
    int[] counts = new int[length];
    for (int s = 0; s < b.size(); s++) {
      for (int t = 0; t < length; t++) {
        if (b.x()[(s * length + t) * 2 + 1] == 1f) {
          counts[t]++;
        }
      }
    }
    // Binomial(20 000, 0.1): mean 2 000, standard deviation 42; ±250 is six of them.
    for (int t = 0; t < length; t++) {
      assertThat(counts[t]).as("marks at step %d", t).isBetween(1750, 2250);
    }
  }

  /**
   * Predicting 1 scores (y − 1)², whose mean is Var(u1 + u2) = 1/6 and whose variance is E[(y −
   * 1)⁴] − 1/36 = 1/15 − 1/36 = 7/180 (y − 1 has the triangular density 1 − |z| on [−1, 1]). Over
   * 20 000 sequences the standard error is sqrt(7/180/20 000) = 0.0014; ±0.006 is four of them.
   */
  @Test
  void adding_baselineOnGeneratedData_isOneSixth() {
    AddingProblem task = new AddingProblem(50);
    Batch b = task.batch(20_000, 2L);

    assertThat(task.baseline(b).loss()).isCloseTo(1.0 / 6, within(0.006));
    assertThat(task.baseline(b).hasAccuracy()).isFalse();
    assertThat(task.expectedBaseline().loss()).isEqualTo(1.0 / 6);
  }

  @Test
  void adding_perfectPrediction_scoresZero() {
    AddingProblem task = new AddingProblem(10);
    Batch b = task.batch(5, 1L);
    assertThat(task.score(b.y().clone(), b).loss()).isZero();
  }

  // --- Temporal order -----------------------------------------------------------------------

  @Test
  void order_atLengthHundred_usesThePapersPositions() {
    TemporalOrder task = new TemporalOrder(100);
    assertThat(task.firstPositionRange()).containsExactly(10, 20);
    assertThat(task.secondPositionRange()).containsExactly(50, 60);
  }

  /**
   * One-hot at every step; E first, B last; X or Y at exactly two steps, at 1-based positions in
   * the documented ranges; distractors from {a, b, c, d} elsewhere; y encodes the pair.
   */
  @ParameterizedTest(name = "T={0}")
  @ValueSource(ints = {10, 37, 100})
  void order_everySequence_followsTheEncoding(int length) {
    TemporalOrder task = new TemporalOrder(length);
    int[] r1 = task.firstPositionRange();
    int[] r2 = task.secondPositionRange();
    Batch b = task.batch(300, 4L);
    for (int s = 0; s < b.size(); s++) {
      int[] relevant = new int[2];
      int[] symbolsAt = new int[2];
      int found = 0;
      for (int t = 0; t < length; t++) {
        int symbol = -1;
        for (int k = 0; k < 8; k++) {
          float v = b.x()[(s * length + t) * 8 + k];
          assertThat(v).isIn(0f, 1f);
          if (v == 1f) {
            assertThat(symbol).as("one-hot at step %d", t).isEqualTo(-1);
            symbol = k;
          }
        }
        assertThat(symbol).as("a symbol at step %d", t).isNotNegative();
        if (t == 0) {
          assertThat(symbol).isEqualTo(TemporalOrder.E);
        } else if (t == length - 1) {
          assertThat(symbol).isEqualTo(TemporalOrder.B);
        } else if (symbol == TemporalOrder.X || symbol == TemporalOrder.Y) {
          relevant[found] = t + 1;
          symbolsAt[found] = symbol;
          found++;
        } else {
          assertThat(symbol).isBetween(0, 3);
        }
      }
      assertThat(found).isEqualTo(2);
      assertThat(relevant[0]).isBetween(r1[0], r1[1]);
      assertThat(relevant[1]).isBetween(r2[0], r2[1]);
      int expected = (symbolsAt[0] == TemporalOrder.Y ? 2 : 0) + (symbolsAt[1] == TemporalOrder.Y ? 1 : 0);
      assertThat(b.y()[s]).isEqualTo((float) expected);
    }
  }

  /**
   * Uniform logits score exactly log 4 on any data; their argmax, class 0, is right a quarter of
   * the time: over 20 000 sequences the standard error is sqrt(3/16/20 000) = 0.003, ±0.015 five
   * of them.
   */
  @Test
  void order_baselineOnGeneratedData_isLogFourAndAQuarter() {
    TemporalOrder task = new TemporalOrder(20);
    Score baseline = task.baseline(task.batch(20_000, 6L));

    assertThat(baseline.loss()).isCloseTo(Math.log(4), within(1e-12));
    assertThat(baseline.accuracy()).isCloseTo(0.25, within(0.015));
    assertThat(task.expectedBaseline()).isEqualTo(new Score(Math.log(4), 0.25));
  }

  // --- Copy ---------------------------------------------------------------------------------

  /** The layout of Arjovsky et al.: s1…s10, T − 1 blanks, delimiter, 10 blanks; target blanks then s. */
  @ParameterizedTest(name = "T={0}")
  @ValueSource(ints = {1, 5, 40})
  void copy_everySequence_followsTheEncoding(int length) {
    CopyTask task = new CopyTask(length);
    int steps = length + 20;
    Batch b = task.batch(50, 8L);
    for (int s = 0; s < b.size(); s++) {
      for (int t = 0; t < steps; t++) {
        int symbol = -1;
        for (int k = 0; k < 10; k++) {
          if (b.x()[(s * steps + t) * 10 + k] == 1f) {
            assertThat(symbol).as("one-hot at step %d", t).isEqualTo(-1);
            symbol = k;
          }
        }
        int target = (int) b.y()[s * steps + t];
        if (t < 10) {
          assertThat(symbol).isBetween(0, 7);
          assertThat((int) b.y()[s * steps + length + 10 + t]).as("recall of step %d", t).isEqualTo(symbol);
        } else if (t == length + 9) {
          assertThat(symbol).isEqualTo(CopyTask.DELIMITER);
        } else {
          assertThat(symbol).isEqualTo(CopyTask.BLANK);
        }
        if (t < length + 10) {
          assertThat(target).isEqualTo(CopyTask.BLANK);
        }
      }
    }
    assertThat(task.recallStart()).isEqualTo(length + 10);
  }

  /**
   * The memoryless strategy pays log 8 at each of the 10 recalled steps and nothing elsewhere: on
   * any data exactly 10 log 8 / (T + 20). Its guess, symbol 0, is right ⅛ of the time: over 2 000
   * sequences × 10 symbols the standard error is sqrt(7/64/20 000) = 0.0023, ±0.012 five of them.
   */
  @ParameterizedTest(name = "T={0}")
  @ValueSource(ints = {10, 100})
  void copy_baselineOnGeneratedData_isTenLogEightOverLength(int length) {
    CopyTask task = new CopyTask(length);
    Score baseline = task.baseline(task.batch(2_000, 5L));
    double expected = 10 * Math.log(8) / (length + 20);

    assertThat(baseline.loss()).isCloseTo(expected, within(1e-12));
    assertThat(baseline.accuracy()).isCloseTo(0.125, within(0.012));
    assertThat(task.expectedBaseline().loss()).isCloseTo(expected, within(1e-15));
  }

  /** Logits with a margin of 20 at every target: accuracy 1 and a loss of about 9 e⁻²⁰. */
  @Test
  void copy_confidentCorrectLogits_scorePerfectly() {
    CopyTask task = new CopyTask(3);
    Batch b = task.batch(4, 1L);
    float[] logits = new float[b.y().length * 10];
    for (int r = 0; r < b.y().length; r++) {
      logits[r * 10 + (int) b.y()[r]] = 20f;
    }
    Score score = task.score(logits, b);
    assertThat(score.accuracy()).isEqualTo(1.0);
    assertThat(score.loss()).isCloseTo(9 * Math.exp(-20), within(1e-10));
  }
}
