package org.lstmlab.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.lstmlab.core.data.Windows;

/** The naive and mean forecasts. */
class BaselinesTest {

  @Test
  void naive_univariate_repeatsLastValue() {
    float[] x = {1, 2, 3, 4, 5, 6}; // (N=2, T=3)
    assertThat(Baselines.naive(x, 2, 2)).containsExactly(3, 3, 6, 6);
    assertThat(Baselines.naive(x, 2, 1)).containsExactly(3, 6);
  }

  @Test
  void naive_multivariate_readsTheTargetFeature() {
    // (N=2, T=2, I=2): feature 1 is 10·step.
    float[] x = {1, 10, 2, 20, 3, 30, 4, 40};
    assertThat(Baselines.naive(x, 2, 2, 1, 1)).containsExactly(20, 40);
    assertThat(Baselines.naive(x, 2, 2, 0, 3)).containsExactly(2, 2, 2, 4, 4, 4);
  }

  @Test
  void naive_onWindows_repeatsEachWindowsLastValueOverTheHorizon() {
    // Series 0, 1, 2, 3, 4, 5 in windows of 2 with horizon 2: windows (0,1), (1,2), (2,3).
    Windows w = Windows.of(new double[] {0, 1, 2, 3, 4, 5}, 2, 2);
    assertThat(Baselines.naive(w.x(), w.count(), 2)).containsExactly(1, 1, 2, 2, 3, 3);
  }

  @Test
  void mean_perOutputColumn() {
    float[] y = {1, 10, 2, 20, 6, 30}; // (N_train=3, O=2): column means 3 and 20
    assertThat(Baselines.mean(y, 3, 2)).containsExactly(3, 20, 3, 20);
  }

  @Test
  void mean_onTrainingTargets_r2IsZero() {
    // Predicting the training mean explains none of the training variance: R² = 0, MSE = variance.
    float[] y = new float[50];
    double sum = 0;
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) Math.exp(0.05 * i);
      sum += y[i];
    }
    double mean = sum / y.length;
    double var = 0;
    for (float v : y) {
      var += (v - mean) * (v - mean);
    }
    var /= y.length;
    Metrics m = Metrics.of(y, Baselines.mean(y, 50, 50));
    assertThat(m.r2()).isCloseTo(0, within(1e-6));
    assertThat(m.mse()).isCloseTo(var, within(1e-6 * var));
  }

  @Test
  void badShapes_explain() {
    assertThatThrownBy(() -> Baselines.naive(new float[] {1, 2, 3}, 2, 1))
        .hasMessage("x has 3 elements; expected (N=2, T, I=1) with T >= 1");
    assertThatThrownBy(() -> Baselines.naive(new float[] {1, 2, 3, 4}, 1, 2, 2, 1))
        .hasMessage("feature must be in [0, 2), got 2");
    assertThatThrownBy(() -> Baselines.mean(new float[] {1, 2, 3}, 2, 5))
        .hasMessage("trainTargets has 3 elements; expected (N_train=2, O) with O >= 1");
    assertThatThrownBy(() -> Baselines.naive(new float[] {1}, 1, 0))
        .hasMessage("horizon must be > 0, got 0");
  }
}
