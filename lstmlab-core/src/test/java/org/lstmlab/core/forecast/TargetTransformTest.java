package org.lstmlab.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Differencing and its inverse, by hand. */
class TargetTransformTest {

  @Test
  void apply_firstDifference_byHand() {
    double[] z = TargetTransform.firstDifference().apply(new double[] {1, 4, 9, 16});
    assertThat(z[0]).isNaN();
    assertThat(Arrays.copyOfRange(z, 1, 4)).containsExactly(3, 5, 7);
  }

  @Test
  void apply_seasonalThenFirst_byHand() {
    // y = 0, 10, 1, 12, 2, 15; m = 2: s = _, _, 1, 2, 1, 3; z = s - s_prev = _, _, _, 1, -1, 2
    double[] z = new TargetTransform(true, 2).apply(new double[] {0, 10, 1, 12, 2, 15});
    assertThat(Arrays.copyOfRange(z, 3, 6)).containsExactly(1, -1, 2);
    assertThat(z[2]).isNaN();
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "diff", "seasonal:3", "seasonal:3+diff"})
  void invert_ofApply_givesTheSeriesBack(String name) {
    TargetTransform t = TargetTransform.parse(name);
    double[] y = new double[20];
    for (int i = 0; i < y.length; i++) {
      y[i] = 0.5 * i + Math.sin(i * 2.1) * 3;
    }
    double[] z = t.apply(y);
    int cut = 11;
    double[] back = t.invert(Arrays.copyOfRange(y, cut - t.lost(), cut),
        Arrays.copyOfRange(z, cut, y.length));
    for (int i = 0; i < back.length; i++) {
      assertThat(back[i]).isCloseTo(y[cut + i], within(1e-12));
    }
    assertThat(t.toString()).isEqualTo(name);
    assertThat(t.lost()).isEqualTo(name.equals("none") ? 0 : name.equals("diff") ? 1
        : name.endsWith("diff") ? 4 : 3);
  }

  @Test
  void parse_bad_namesTheForms() {
    assertThatThrownBy(() -> TargetTransform.parse("seasonal:0"))
        .hasMessageContaining("seasonal lag must be a whole number >= 1");
    assertThatThrownBy(() -> TargetTransform.parse("log"))
        .hasMessageContaining("'log' is not one of none, diff, seasonal:M, seasonal:M+diff");
    assertThat(TargetTransform.parse("diff+seasonal:12")).isEqualTo(new TargetTransform(true, 12));
  }
}
