package org.lstmlab.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Season detection on series whose season is known. */
class SeasonalityTest {

  @Test
  void detect_monthlyWithTrendAndNoise_is12() {
    SplittableRandom r = new SplittableRandom(3);
    double[] y = new double[240];
    for (int t = 0; t < y.length; t++) {
      y[t] = 0.3 * t + 5 * Math.sin(2 * Math.PI * t / 12) + 0.5 * r.nextGaussian();
    }
    assertThat(Seasonality.detect(y)).isEqualTo(12);
  }

  @Test
  void detect_period7_is7() {
    double[] y = new double[200];
    for (int t = 0; t < y.length; t++) {
      y[t] = (t % 7 == 5 ? 10 : 0) + 0.01 * t;
    }
    assertThat(Seasonality.detect(y)).isEqualTo(7);
  }

  @Test
  void detect_randomWalk_hasNoSeason() {
    SplittableRandom r = new SplittableRandom(5);
    double[] y = new double[500];
    for (int t = 1; t < y.length; t++) {
      y[t] = y[t - 1] + 0.5 * r.nextGaussian();
    }
    assertThat(Seasonality.detect(y)).isEqualTo(1);
  }

  @Test
  void detect_constantOrShort_hasNoSeason() {
    assertThat(Seasonality.detect(new double[50])).isEqualTo(1);
    assertThat(Seasonality.detect(new double[] {1, 2, 1, 2})).isEqualTo(1);
  }
}
