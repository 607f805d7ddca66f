package org.lstmlab.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Sliding windows: how many, what they hold, and what they refuse. */
class WindowsTest {

  /** 0, 1, ..., n−1: every value names its own index. */
  static double[] ramp(int n) {
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = i;
    }
    return s;
  }

  @ParameterizedTest
  @CsvSource({
    "100, 10, 1, 90", // the notebook: 100 points, windows of 10
    "100, 10, 5, 86",
    "11, 10, 1, 1", // an exact fit gives one window
    "5, 1, 1, 4",
    "7, 1, 6, 1"
  })
  void count_isLengthMinusWindowMinusHorizonPlusOne(int length, int window, int horizon, int n) {
    assertThat(Windows.count(length, window, horizon)).isEqualTo(n);
    Windows w = Windows.of(ramp(length), window, horizon);
    assertThat(w.count()).isEqualTo(n);
    assertThat(w.x()).hasSize(n * window);
    assertThat(w.y()).hasSize(n * horizon);
    assertThat(w.window()).isEqualTo(window);
    assertThat(w.horizon()).isEqualTo(horizon);
  }

  @Test
  void of_ramp_windowsHoldConsecutiveValuesAndTheNextOnes() {
    Windows w = Windows.of(ramp(10), 3, 2);
    assertThat(w.count()).isEqualTo(6);
    for (int n = 0; n < 6; n++) {
      for (int k = 0; k < 3; k++) {
        assertThat(w.x()[n * 3 + k]).isEqualTo(n + k);
      }
      assertThat(w.y()[n * 2]).isEqualTo(n + 3);
      assertThat(w.y()[n * 2 + 1]).isEqualTo(n + 4);
    }
  }

  @Test
  void of_defaultHorizon_predictsTheNextValue() {
    Windows w = Windows.of(ramp(5), 2);
    assertThat(w.horizon()).isEqualTo(1);
    assertThat(w.x()).containsExactly(0, 1, 1, 2, 2, 3);
    assertThat(w.y()).containsExactly(2, 3, 4);
  }

  @Test
  void of_floatSeries_sameAsDoubleSeries() {
    double[] d = NotebookSeries.values(50, 0.5, 9);
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    Windows a = Windows.of(d, 7, 3);
    Windows b = Windows.of(f, 7, 3);
    assertThat(b.x()).isEqualTo(a.x());
    assertThat(b.y()).isEqualTo(a.y());
  }

  @Test
  void of_copiesTheSeries() {
    double[] s = ramp(6);
    Windows w = Windows.of(s, 2);
    s[0] = 99;
    assertThat(w.x()[0]).isEqualTo(0f);
  }

  @Test
  void of_badArguments_throwNamingTheArgument() {
    assertThatThrownBy(() -> Windows.of(ramp(10), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window must be >= 1, got 0");
    assertThatThrownBy(() -> Windows.of(ramp(10), 3, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("horizon must be >= 1, got 0");
    assertThatThrownBy(() -> Windows.of((double[]) null, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("series");
    assertThatThrownBy(() -> Windows.of(new float[] {1, 2, 3}, 3, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("series has 3 values; window 3 + horizon 1 needs at least 4");
    assertThatThrownBy(() -> Windows.count(5, Integer.MAX_VALUE, Integer.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("series");
  }
}
