package org.lstmlab.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
  void detect_weeklyYearWithCalendar_is52() {
    // A year of 52.18 weeks, weaker than the week-to-week noise of the differences: the
    // autocorrelation's peaks sit near 52, 104, 157 … but no whole lag repeats exactly.
    SplittableRandom r = new SplittableRandom(11);
    double[] y = new double[1200];
    for (int t = 0; t < y.length; t++) {
      y[t] = 0.03 * t + 3 * Math.sin(2 * Math.PI * t / 52.18) + 0.4 * r.nextGaussian();
    }
    assertThat(Seasonality.detect(y, 52)).isEqualTo(52);
  }

  @Test
  void detect_calendarTheDataDoNotShow_isIgnored() {
    SplittableRandom r = new SplittableRandom(5);
    double[] walk = new double[500];
    for (int t = 1; t < walk.length; t++) {
      walk[t] = walk[t - 1] + 0.5 * r.nextGaussian();
    }
    assertThat(Seasonality.detect(walk, 12)).isEqualTo(1);
    double[] week = new double[200];
    for (int t = 0; t < week.length; t++) {
      week[t] = (t % 7 == 5 ? 10 : 0) + 0.01 * t;
    }
    assertThat(Seasonality.detect(week, 12)).isEqualTo(7); // monthly labels, a weekly pattern
  }

  @Test
  void calendarSeason_ofEachAxis() {
    assertThat(TimeAxis.of(List.of("2001-01", "2001-02", "2001-03")).calendarSeason())
        .isEqualTo(12);
    assertThat(TimeAxis.of(List.of("2001-01", "2001-04", "2001-07")).calendarSeason())
        .isEqualTo(4);
    assertThat(TimeAxis.of(List.of("19580329", "19580405", "19580412")).calendarSeason())
        .isEqualTo(52);
    assertThat(TimeAxis.of(List.of("2020-01-01", "2020-01-02", "2020-01-03")).calendarSeason())
        .isEqualTo(7);
    assertThat(TimeAxis.of(List.of("2020-01-01 00:00", "2020-01-01 01:00", "2020-01-01 02:00"))
        .calendarSeason()).isEqualTo(24);
    assertThat(TimeAxis.of(List.of("1700", "1701", "1702")).calendarSeason()).isZero();
    assertThat(TimeAxis.of(List.of()).calendarSeason()).isZero();
  }

  @Test
  void detect_constantOrShort_hasNoSeason() {
    assertThat(Seasonality.detect(new double[50])).isEqualTo(1);
    assertThat(Seasonality.detect(new double[] {1, 2, 1, 2})).isEqualTo(1);
  }
}
