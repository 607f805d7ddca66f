package org.lstmlab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Curve charts and reference lines: strict about what they are handed, labelled for people. */
class CurveChartTest {

  private static final double[] STEPS = {0, 20, 40};

  private static CurveChart.Builder loss() {
    return CurveChart.builder("Held-out loss", "step", "test MSE");
  }

  @Test
  void build_keepsCurvesAndReferencesInOrder() {
    CurveChart c = loss()
        .logScale(true)
        .curve("lstm", STEPS, new double[] {1.2, 0.2, 0.01})
        .curve("rnn", STEPS, new double[] {1.1, 0.2, 0.19})
        .reference("baseline (predict 1)", 1.0 / 6)
        .build();

    assertThat(c.title()).isEqualTo("Held-out loss");
    assertThat(c.xName()).isEqualTo("step");
    assertThat(c.yName()).isEqualTo("test MSE");
    assertThat(c.logScale()).isTrue();
    assertThat(c.logScaleUsable()).isTrue();
    assertThat(c.curves()).extracting(Trace::model).containsExactly("lstm", "rnn");
    assertThat(c.curves().get(0).x()).containsExactly(STEPS);
    assertThat(c.curves().get(0).values()).containsExactly(1.2, 0.2, 0.01);
    assertThat(c.references()).extracting(ReferenceLine::value).containsExactly(1.0 / 6);
    assertThatThrownBy(() -> c.curves().add(c.curves().get(0)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void build_withoutCurves_throwsNamingTheChart() {
    assertThatThrownBy(() -> loss().reference("baseline", 0.17).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("chart 'Held-out loss' has no curves; call curve(...)");
  }

  @Test
  void curve_sameModelTwice_throwsNamingIt() {
    CurveChart.Builder b = loss().curve("lstm", STEPS, new double[] {1, 2, 3});

    assertThatThrownBy(() -> b.curve("lstm", STEPS, new double[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chart 'Held-out loss' already has a curve of 'lstm'");
  }

  @Test
  void curve_stepsAndValuesDiffer_orStepNotFinite_throws() {
    assertThatThrownBy(() -> loss().curve("lstm", STEPS, new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("x has 3 entries but values has 2");
    assertThatThrownBy(() -> loss().curve("lstm", new double[] {0, Double.NaN}, new double[] {1, 2}))
        .hasMessage("x[1] is NaN; expected a finite number");
  }

  @Test
  void reference_sameNameTwice_throwsNamingIt() {
    CurveChart.Builder b = loss().reference("baseline", 0.17);

    assertThatThrownBy(() -> b.reference("baseline", 0.2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chart 'Held-out loss' already has a reference 'baseline'");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "title | chart title must not be blank",
        "x     | x axis name must not be blank",
        "y     | y axis name must not be blank",
      })
  void builder_blankName_throwsNamingIt(String which, String message) {
    assertThatThrownBy(
            () -> CurveChart.builder(which.equals("title") ? " " : "t", which.equals("x") ? "" : "step",
                which.equals("y") ? "\t" : "loss"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void reference_notFinite_throwsNamingIt(double value) {
    assertThatThrownBy(() -> ReferenceLine.of("baseline", value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reference 'baseline' is " + value + "; expected a finite number");
  }

  @Test
  void reference_blankName_throws() {
    assertThatThrownBy(() -> ReferenceLine.of(" ", 1)).hasMessage("reference name must not be blank");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource({
    "0.16666666666666666, baseline: 0.1667",
    "1.3862943611198906, baseline: 1.386",
    "0.25, baseline: 0.25",
    "2.5e-5, baseline: 2.50e-5",
    "-0.5, baseline: -0.5",
  })
  void reference_label_fourSignificantDigits(double value, String label) {
    assertThat(ReferenceLine.of("baseline", value).label()).isEqualTo(label);
  }

  @Test
  void logScaleUsable_falseWhenAValueOrReferenceIsNotPositive_gapsIgnored() {
    assertThat(loss().curve("a", STEPS, new double[] {1, Double.NaN, 0.1}).build().logScaleUsable()).isTrue();
    assertThat(loss().curve("a", STEPS, new double[] {1, 0, 0.1}).build().logScaleUsable()).isFalse();
    assertThat(loss().curve("a", STEPS, new double[] {1, 0.5, 0.1}).reference("zero", 0).build().logScaleUsable())
        .isFalse();
  }

  /** The label goes under the line where no curve passes: at its start, or else at its end. */
  @Test
  void labelPlacement_picksTheFreeEnd() {
    // Untrained models start above the baseline's loss; one ends just under it: the start is free.
    CurveChart start = loss()
        .curve("a", STEPS, new double[] {1.2, 0.5, 0.3})
        .curve("b", STEPS, new double[] {1.3, 0.2, 0.16})
        .reference("baseline", 0.17)
        .build();
    // The adding sample: the LSTM falls through the space under the start (steps 500 to 750),
    // ends two decades down; the RNN ends above the line: the end is free.
    CurveChart adding = SampleReports.adding().charts().get(0);
    // Accuracy starts at chance, right on the baseline; at the end the LSTM is at 1 and the RNN
    // on the line or just under it (0.25, 0.24): above the end is the freest.
    CurveChart accuracy = SampleReports.order().charts().get(1);

    assertThat(LabelPlacement.of(start, start.references().get(0)))
        .isEqualTo(LabelPlacement.Place.START_BELOW);
    assertThat(LabelPlacement.of(adding, adding.references().get(0)))
        .isEqualTo(LabelPlacement.Place.END_BELOW);
    assertThat(LabelPlacement.of(accuracy, accuracy.references().get(0)))
        .isEqualTo(LabelPlacement.Place.END_ABOVE);
  }

  @Test
  void labelPlacement_everyPlaceCrowded_fallsBackInOrder() {
    // A curve that zigzags across the whole line: no place is free; the first in order wins ties.
    double[] x = new double[41];
    double[] y = new double[41];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
      y[i] = i % 2 == 0 ? 0.8 : 1.2;
    }
    CurveChart c = loss().curve("zigzag", x, y).reference("one", 1).build();

    assertThat(LabelPlacement.of(c, c.references().get(0))).isEqualTo(LabelPlacement.Place.START_BELOW);
  }
}
