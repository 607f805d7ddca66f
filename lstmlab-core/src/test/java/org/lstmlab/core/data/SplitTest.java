package org.lstmlab.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Chronological splits: where the cuts fall, which windows go where, and that nothing leaks. */
class SplitTest {

  @Test
  void apply_horizonOne_partsTileAllWindows() {
    // 100 points: test = round(0.1·100) = 10 points, validation = 20, training = 70.
    Split.Parts p = Split.fractions(0.2, 0.1).apply(100, 12, 1);
    assertThat(p.trainEnd()).isEqualTo(70);
    assertThat(p.validationEnd()).isEqualTo(90);
    assertThat(p.windows()).isEqualTo(88);
    // Training windows predict points 12..69, validation 70..89, test 90..99.
    assertThat(p.train()).isEqualTo(new Split.Range(0, 58));
    assertThat(p.validation()).isEqualTo(new Split.Range(58, 78));
    assertThat(p.test()).isEqualTo(new Split.Range(78, 88));
  }

  @Test
  void apply_horizonThree_dropsWindowsStraddlingACut() {
    Split.Parts p = Split.fractions(0.2, 0.1).apply(100, 12, 3);
    assertThat(p.windows()).isEqualTo(86);
    // Windows 56 and 57 predict (68..70) and (69..71): across the cut at 70, in no part.
    assertThat(p.train()).isEqualTo(new Split.Range(0, 56));
    assertThat(p.validation()).isEqualTo(new Split.Range(58, 76));
    assertThat(p.test()).isEqualTo(new Split.Range(78, 86));
  }

  @ParameterizedTest
  @CsvSource({
    "100, 12, 1, 0.2, 0.1",
    "100, 12, 3, 0.2, 0.1",
    "57, 5, 2, 0.15, 0.15",
    "40, 1, 1, 0.0, 0.3",
    "40, 3, 4, 0.3, 0.0",
    "1000, 50, 7, 0.05, 0.05"
  })
  void apply_anySplit_noWindowCrossesItsPart(int length, int window, int horizon, double val,
      double test) {
    Split.Parts p = Split.fractions(val, test).apply(length, window, horizon);
    int assigned = 0;
    for (int k = p.train().from(); k < p.train().to(); k++, assigned++) {
      // Inputs and targets of a training window lie before the cut: nothing later leaks in.
      assertThat(k + window + horizon - 1).isLessThan(p.trainEnd());
    }
    for (int k = p.validation().from(); k < p.validation().to(); k++, assigned++) {
      assertThat(k + window).isGreaterThanOrEqualTo(p.trainEnd());
      assertThat(k + window + horizon).isLessThanOrEqualTo(p.validationEnd());
    }
    for (int k = p.test().from(); k < p.test().to(); k++, assigned++) {
      assertThat(k + window).isGreaterThanOrEqualTo(p.validationEnd());
      assertThat(k + window + horizon).isLessThanOrEqualTo(length);
    }
    // Exactly the straddling windows are dropped: horizon − 1 per cut into a non-empty part.
    int cuts = (p.validation().isEmpty() ? 0 : 1) + (p.test().isEmpty() ? 0 : 1);
    assertThat(p.windows() - assigned).isEqualTo(cuts * (horizon - 1));
    assertThat(p.windows()).isEqualTo(Windows.count(length, window, horizon));
  }

  @Test
  void lastPoints_notebookTwelveMonthTest() {
    // The notebook holds out the last 12 of 144 monthly values; windows of 12.
    Split.Parts p = Split.lastPoints(0, 12).apply(144, 12, 1);
    assertThat(p.trainEnd()).isEqualTo(132);
    assertThat(p.train()).isEqualTo(new Split.Range(0, 120));
    assertThat(p.validation().isEmpty()).isTrue();
    assertThat(p.test()).isEqualTo(new Split.Range(120, 132));
  }

  @Test
  void slice_copiesThePartsWindows() {
    float[] series = new float[30];
    for (int i = 0; i < series.length; i++) {
      series[i] = i;
    }
    Windows w = Windows.of(series, 4, 1);
    Split.Parts p = Split.fractions(0.2, 0.2).apply(30, 4, 1);
    float[] xVal = p.validation().slice(w.x(), 4);
    float[] yVal = p.validation().slice(w.y(), 1);
    // Validation targets are the points [18, 24): trainEnd = 30 − 6 − 6.
    assertThat(yVal).containsExactly(18, 19, 20, 21, 22, 23);
    assertThat(xVal).startsWith(14, 15, 16, 17, 15).endsWith(19, 20, 21, 22);
    assertThatThrownBy(() -> new Split.Range(0, 40).slice(w.y(), 1))
        .hasMessage("window range [0, 40) of 1 elements each needs 40 elements, got 26");
  }

  @ParameterizedTest
  @CsvSource({
    "-0.1, 0.1, 'validation fraction must be in [0, 1), got -0.1'",
    "0.1, 1.0, 'test fraction must be in [0, 1), got 1.0'",
    "NaN, 0.1, 'validation fraction must be in [0, 1), got NaN'",
    "0.6, 0.4, 'validation + test must be < 1 to leave points for training, got 0.6 + 0.4 = 1.0'"
  })
  void fractions_outOfRange_explain(double val, double test, String message) {
    assertThatThrownBy(() -> Split.fractions(val, test)).hasMessage(message);
  }

  @Test
  void apply_emptyParts_explain() {
    assertThatThrownBy(() -> Split.fractions(0.5, 0.4).apply(20, 12, 1))
        .hasMessage("training part would be empty: its 2 of 20 points hold no window of window 12"
            + " + horizon 1; lower validation/test or shorten the window");
    // 2% of 20 points rounds to 0: asked for, but empty.
    assertThatThrownBy(() -> Split.fractions(0.02, 0).apply(20, 3, 1))
        .hasMessage("validation part would be empty: its 0 points hold no target block of horizon"
            + " 1; use a larger validation share or a shorter horizon");
    // 2 test points cannot hold a target block of 3.
    assertThatThrownBy(() -> Split.lastPoints(0, 2).apply(40, 3, 3))
        .hasMessageStartingWith("test part would be empty: its 2 points");
    assertThatThrownBy(() -> Split.fractions(0, 0).apply(5, 5, 1))
        .hasMessage("a series of 5 points holds no window of window 5 + horizon 1; need at least 6"
            + " points");
    assertThatThrownBy(() -> Split.lastPoints(-1, 0)).hasMessageContaining("must be >= 0");
    // Off means off: no validation asked, none given, no error.
    assertThat(Split.fractions(0, 0).apply(20, 3, 1).train()).isEqualTo(new Split.Range(0, 17));
  }
}
