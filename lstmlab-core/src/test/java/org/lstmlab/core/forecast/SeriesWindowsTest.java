package org.lstmlab.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.lstmlab.core.data.Scaler;
import org.lstmlab.core.nn.CellType;

/** The pipeline's windows, by hand, and their way back to raw values. */
class SeriesWindowsTest {

  private static ForecastSpec spec(int window, int horizon, TargetTransform t, boolean relative,
      List<String> past, List<String> future, String scaler) {
    return new ForecastSpec("y", past, future, Optional.empty(), Optional.empty(), window,
        horizon, t, relative, 1, scaler, CellType.LSTM, 4, 1, 0, 0.2, 0.2, true);
  }

  @Test
  void cut_withPastAndFutureCovariates_byHand() {
    // y = t², past p = 10 t, future f = 100 t; W = 2, h = 2, first difference, relative, unscaled.
    int n = 8;
    double[] y = new double[n];
    double[] p = new double[n];
    double[] f = new double[n];
    for (int t = 0; t < n; t++) {
      y[t] = t * t;
      p[t] = 10 * t;
      f[t] = 100 * t;
    }
    TimeSeries s = new TimeSeries("", List.of(), y, p, 1, f, 1);
    ForecastSpec spec = spec(2, 2, TargetTransform.firstDifference(), true, List.of("p"),
        List.of("f"), Scaler.NONE);
    SeriesWindows w = new SeriesWindows(spec);
    assertThat(w.firstOrigin()).isEqualTo(2); // z starts at t = 1; a window needs 2 of them
    float[] rows = w.scaledRows(s, Scaler.none());
    SeriesWindows.Cut cut = w.cut(rows, 3, 4, true);
    // Origin 3: z_2 = 3, z_3 = 5, base 5. Steps: t = 2, 3 observed; t = 4, 5 over the horizon.
    assertThat(cut.x()).containsExactly(
        -2, 20, 200, 1,
        0, 30, 300, 1,
        0, 0, 400, 0,
        0, 0, 500, 0);
    assertThat(cut.y()).containsExactly(7 - 5, 9 - 5); // z_4 = 7, z_5 = 9
    assertThat(cut.base()).containsExactly(5);
  }

  @ParameterizedTest
  @CsvSource({"none, false, standard", "diff, true, standard", "seasonal:4+diff, false, minmax",
      "seasonal:4, true, none"})
  void toRaw_ofTheTrueTargets_givesTheActualValues(String transform, boolean relative,
      String scaler) {
    int n = 40;
    double[] y = new double[n];
    for (int t = 0; t < n; t++) {
      y[t] = 300 + 0.7 * t + 4 * Math.sin(2 * Math.PI * t / 4) + Math.cos(t);
    }
    TimeSeries s = TimeSeries.of("", List.of(), y);
    ForecastSpec spec = spec(6, 3, TargetTransform.parse(transform), relative, List.of(),
        List.of(), scaler);
    SeriesWindows w = new SeriesWindows(spec);
    Scaler sc = w.fitScaler(s, 30);
    float[] rows = w.scaledRows(s, sc);
    int from = w.firstOrigin();
    SeriesWindows.Cut cut = w.cut(rows, from, n - 3, true);
    for (int k = 0; k < cut.count(); k++) {
      float[] out = java.util.Arrays.copyOfRange(cut.y(), k * 3, k * 3 + 3);
      double[] raw = w.toRaw(y, from + k, out, cut.base()[k], sc.feature(0));
      for (int j = 0; j < 3; j++) {
        assertThat(raw[j]).isCloseTo(y[from + k + 1 + j], within(2e-4));
      }
    }
  }
}
