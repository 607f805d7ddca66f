package org.lstmlab.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClassificationTest {

  /** scikit-learn's documented example of f1_score: macro 0.2666…, per class [0.8, 0, 0]. */
  @Test
  void of_scikitLearnExample_macroF1AndConfusion() {
    int[] actual = {0, 1, 2, 0, 1, 2};
    int[] predicted = {0, 2, 1, 0, 0, 1};

    Classification c = Classification.of(actual, predicted, 3);

    assertThat(c.confusion()).containsExactly(2, 0, 0, 1, 0, 1, 0, 2, 0);
    assertThat(c.accuracy()).isCloseTo(2.0 / 6, within(1e-15));
    assertThat(c.f1(0)).isCloseTo(0.8, within(1e-15));
    assertThat(c.f1(1)).isZero();
    assertThat(c.macroF1()).isCloseTo(0.8 / 3, within(1e-15));
  }

  @Test
  void macroF1_classNeverSeen_leftOut() {
    // Class 3 is neither true nor predicted: scikit-learn's default labels leave it out too.
    Classification c = Classification.of(new int[] {0, 1, 1, 2}, new int[] {0, 1, 2, 2}, 4);
    // F1: class 0 = 1, class 1 = 2/3, class 2 = 2/3
    assertThat(c.f1(3)).isNaN();
    assertThat(c.macroF1()).isCloseTo((1 + 2.0 / 3 + 2.0 / 3) / 3, within(1e-15));
  }

  @Test
  void majority_lowestOnTies() {
    assertThat(Classification.majority(new int[] {2, 1, 2, 1, 0}, 3)).isEqualTo(1);
    assertThat(Classification.majority(new int[] {2, 2, 0}, 3)).isEqualTo(2);
  }

  @Test
  void of_badLabel_namesPosition() {
    assertThatThrownBy(() -> Classification.of(new int[] {0, 1}, new int[] {0, 5}, 3))
        .hasMessage("predicted[1] = 5 is outside [0, 3)");
  }
}
