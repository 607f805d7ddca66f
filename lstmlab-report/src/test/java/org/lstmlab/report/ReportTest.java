package org.lstmlab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The data model: immutable, ordered as given, and strict about what it is handed. */
class ReportTest {

  @Test
  void build_withoutSeriesOrChart_throwsNamingTheReport() {
    assertThatThrownBy(() -> Report.builder("run 7").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("report 'run 7' has no series and no chart; call series(...) or chart(...)");
  }

  @Test
  void build_predictionsOrForecastsWithoutSeries_throwNamingThem() {
    CurveChart chart = CurveChart.builder("loss", "step", "mse").curve("LSTM", new double[] {0}, new double[] {1}).build();

    assertThatThrownBy(() -> Report.builder("r").chart(chart).prediction(Trace.from("LSTM", 0, new double[] {1})).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("report 'r' has predictions but no series to place them on; call series(...)");
    assertThatThrownBy(() -> Report.builder("r").chart(chart).forecast(Trace.from("LSTM", 0, new double[] {1})).build())
        .hasMessage("report 'r' has forecasts but no series to place them on; call series(...)");
  }

  @Test
  void chartOnly_hasNoSeries_andSeriesThrows() {
    Report r = SampleReports.adding();

    assertThat(r.hasSeries()).isFalse();
    assertThat(r.charts()).hasSize(1);
    assertThatThrownBy(r::series)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("report 'Adding problem, T = 50' has no series");
    assertThat(SampleReports.sine().hasSeries()).isTrue();
    assertThat(SampleReports.sine().charts()).isEmpty();
  }

  @Test
  void models_includeCurveModels_andReferencesTakeTheSlateWithoutUsingAColour() {
    Report r = SampleReports.order();

    assertThat(r.models()).containsExactly("lstm", "rnn", "baseline (uniform guess)");
    assertThat(Palette.modelColors(r))
        .containsExactly(
            Map.entry("lstm", "#2563eb"),
            Map.entry("rnn", "#ea580c"),
            Map.entry("baseline (uniform guess)", Palette.ACTUAL));
  }

  @Test
  void builder_blankTitle_throws() {
    assertThatThrownBy(() -> Report.builder(" ")).hasMessage("title must not be blank");
  }

  @Test
  void config_keysInOrderAndRepeatKeepsPlace() {
    Report r =
        Report.builder("c")
            .series(Series.of("y", new double[] {1}))
            .config("window", 24)
            .config("lr", 0.003)
            .config("window", 48)
            .config(Map.of("seed", 7L))
            .build();

    assertThat(r.config()).containsExactly(Map.entry("window", "48"), Map.entry("lr", "0.003"), Map.entry("seed", "7"));
    assertThatThrownBy(() -> r.config().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void trace_inputArrayChangedLater_traceUnchanged() {
    double[] x = {0, 1};
    double[] y = {5, 6};
    Trace t = Trace.of("LSTM", x, y);
    x[0] = 99;
    y[0] = 99;
    t.values()[1] = 99;

    assertThat(t.x()).containsExactly(0, 1);
    assertThat(t.values()).containsExactly(5, 6);
  }

  @Test
  void trace_lengthsDiffer_throwsNamingBoth() {
    assertThatThrownBy(() -> Trace.of("LSTM", new double[] {0, 1, 2}, new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("x has 3 entries but values has 2");
  }

  @Test
  void trace_nonFiniteX_throwsNamingTheIndex() {
    assertThatThrownBy(() -> Trace.of("LSTM", new double[] {0, Double.NaN}, new double[] {1, 2}))
        .hasMessage("x[1] is NaN; expected a finite number");
  }

  @Test
  void trace_from_placesValuesAtConsecutivePositions() {
    assertThat(Trace.from("RNN", 24, new double[] {1, 2, 3}).x()).containsExactly(24, 25, 26);
  }

  @Test
  void models_andMetricColumns_inOrderOfFirstAppearance() {
    Report r =
        Report.builder("m")
            .series(Series.of("y", new double[] {1}))
            .prediction(Trace.from("LSTM", 0, new double[] {1}))
            .forecast(Trace.from("naive", 1, new double[] {1}))
            .loss(LossCurve.of("RNN", new double[] {1}))
            .metric("GRU", "test", Map.of("mae", 1.0))
            .metric("LSTM", "test", Map.of("mae", 1.0, "rmse", 2.0))
            .build();

    assertThat(r.models()).containsExactly("LSTM", "naive", "RNN", "GRU");
    assertThat(r.metricColumns()).startsWith("mae").containsExactlyInAnyOrder("mae", "rmse");
  }

  @Test
  void isHigherBetter_r2ByDefaultAndAddedColumnsCaseInsensitive() {
    Report r = Report.builder("h").series(Series.of("y", new double[] {1})).higherIsBetter("Skill").build();

    assertThat(r.isHigherBetter("R2")).isTrue();
    assertThat(r.isHigherBetter("skill")).isTrue();
    assertThat(r.isHigherBetter("mse")).isFalse();
  }

  @Test
  void lossCurve_epochs_isTheLongerCurve() {
    LossCurve l = LossCurve.of("LSTM", new double[] {3, 2, 1}, new double[] {3, 2});

    assertThat(l.epochs()).isEqualTo(3);
    assertThat(l.hasValidation()).isTrue();
    assertThat(LossCurve.of("LSTM", new double[] {1}).hasValidation()).isFalse();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"0, 2024-01-01", "2.4, 2024-01-03", "3, +1", "7, +5", "-1, -1"})
  void series_labelAt_labelledAxis(double position, String expected) {
    Series s = Series.labelled("y", "date", SampleReports.days(3), new double[] {1, 2, 3});

    assertThat(s.labelAt(position)).isEqualTo(expected);
  }

  @Test
  void series_labelsAndValuesDiffer_throws() {
    assertThatThrownBy(() -> Series.labelled("y", "t", List.of("a"), new double[] {1, 2}))
        .hasMessage("labels has 1 entries but values has 2");
  }

  @Test
  void series_numeric_keepsXAndIsNotLabelled() {
    Series s = Series.numeric("y", "seconds", new double[] {0.5, 1.5}, new double[] {1, 2});

    assertThat(s.isLabelled()).isFalse();
    assertThat(s.x()).containsExactly(0.5, 1.5);
    assertThat(s.labelAt(1.5)).isEqualTo("1.5");
    assertThat(Series.of("y", new double[] {1, 2}).x()).containsExactly(0, 1);
  }
}
