package org.lstmlab.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metrics against hand-computed and numpy-computed values. */
class MetricsTest {

  @Test
  void of_fourPairs_handComputed() {
    // a = 1 2 3 4, p = 1.5 2 2 5; errors a − p = −0.5 0 1 −1.
    Metrics m = Metrics.of(new float[] {1, 2, 3, 4}, new float[] {1.5f, 2, 2, 5});
    assertThat(m.count()).isEqualTo(4);
    assertThat(m.mse()).isEqualTo(0.5625); // (0.25 + 0 + 1 + 1) / 4
    assertThat(m.mae()).isEqualTo(0.625); // (0.5 + 0 + 1 + 1) / 4
    assertThat(m.rmse()).isEqualTo(0.75);
    // 100/4 · (0.5/1 + 0/2 + 1/3 + 1/4)
    assertThat(m.mape()).isCloseTo(27.083333333333332, within(1e-12));
    assertThat(m.mapeSkipped()).isZero();
    // 100/4 · (2·0.5/2.5 + 0 + 2·1/5 + 2·1/9)
    assertThat(m.smape()).isCloseTo(25.555555555555554, within(1e-12));
    // mean 2.5, SS_tot = 2.25 + 0.25 + 0.25 + 2.25 = 5, SS_res = 2.25
    assertThat(m.r2()).isCloseTo(0.55, within(1e-15));
  }

  @Test
  void of_zeroActuals_mapeSkipsThemSmapeCountsThem() {
    Metrics m = Metrics.of(new float[] {0, 2, 0, 4}, new float[] {1, 1, 0, 5});
    assertThat(m.mapeSkipped()).isEqualTo(2);
    assertThat(m.mape()).isEqualTo(37.5); // 100/2 · (1/2 + 1/4) over the two nonzero actuals
    // 100/4 · (2·1/1 + 2·1/3 + 0 (0/0) + 2·1/9)
    assertThat(m.smape()).isCloseTo(72.22222222222221, within(1e-12));
  }

  @Test
  void of_constantActuals_r2NaN_allZeroActuals_mapeNaN() {
    Metrics m = Metrics.of(new float[] {0, 0, 0}, new float[] {0, 0, 0});
    assertThat(m.mse()).isZero();
    assertThat(m.r2()).isNaN();
    assertThat(m.mape()).isNaN();
    assertThat(m.mapeSkipped()).isEqualTo(3);
    assertThat(m.smape()).isZero(); // three perfect 0/0 terms
    Metrics c = Metrics.of(new float[] {2, 2}, new float[] {1, 3});
    assertThat(c.r2()).isNaN();
    assertThat(c.smape()).isCloseTo(100 * (2.0 / 3 + 2.0 / 5) / 2, within(1e-12));
  }

  @Test
  void of_smape_boundedBy200() {
    // Opposite signs: |a − p| = |a| + |p|, every term is 2, sMAPE is 200%.
    Metrics m = Metrics.of(new float[] {1, -3}, new float[] {-1, 2});
    assertThat(m.smape()).isEqualTo(200.0);
  }

  @Test
  void of_fortyPairs_matchesNumpy() {
    // i = np.arange(40); a = (np.sin(0.3*i) + 2).astype(np.float32);
    // p = (a + 0.1*np.cos(1.7*i)).astype(np.float32); then, in float64 with e = a − p:
    // np.mean(e**2), np.mean(abs(e)), sqrt(mse), 100*np.mean(abs(e)/abs(a)),
    // 100*np.mean(2*abs(e)/(abs(a)+abs(p))), 1 − sum(e**2)/sum((a − a.mean())**2)   (numpy 1.24)
    float[] a = new float[40];
    float[] p = new float[40];
    for (int i = 0; i < 40; i++) {
      a[i] = (float) (StrictMath.sin(0.3 * i) + 2);
      p[i] = (float) (a[i] + 0.1 * StrictMath.cos(1.7 * i));
    }
    Metrics m = Metrics.of(a, p);
    assertThat(m.mse()).isCloseTo(0.005107201861393395, within(1e-12));
    assertThat(m.mae()).isCloseTo(0.06406654566526412, within(1e-12));
    assertThat(m.rmse()).isCloseTo(0.07146468961237708, within(1e-12));
    assertThat(m.mape()).isCloseTo(3.6573755613350225, within(1e-10));
    assertThat(m.smape()).isCloseTo(3.6601159849255653, within(1e-10));
    assertThat(m.r2()).isCloseTo(0.9900698545526834, within(1e-12));
  }

  @Test
  void toMap_keysInOrder() {
    Map<String, Double> map = Metrics.of(new float[] {1, 2, 3, 4}, new float[] {1.5f, 2, 2, 5}).toMap();
    assertThat(map.keySet()).containsExactly("mse", "mae", "rmse", "mape", "smape", "r2");
    assertThat(map.keySet()).containsExactlyElementsOf(Metrics.KEYS);
    assertThat(map).containsEntry("mse", 0.5625).containsEntry("rmse", 0.75);
  }

  @Test
  void of_badInput_explains() {
    assertThatThrownBy(() -> Metrics.of(new float[] {1, 2}, new float[] {1}))
        .hasMessage("actual has 2 values but predicted has 1; expected the same length");
    assertThatThrownBy(() -> Metrics.of(new float[0], new float[0]))
        .hasMessage("cannot compute metrics of 0 values");
    assertThatThrownBy(() -> Metrics.of(new float[] {1, 2}, new float[] {1, Float.NaN}))
        .hasMessage("predicted[1] is NaN; expected finite");
    assertThatThrownBy(() -> Metrics.of(null, new float[] {1}))
        .hasMessage("actual and predicted must not be null");
  }
}
