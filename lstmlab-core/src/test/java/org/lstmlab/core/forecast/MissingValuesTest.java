package org.lstmlab.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each policy on a series with gaps, by hand. */
class MissingValuesTest {

  private static final double NaN = Double.NaN;

  private static SeriesDataset data() {
    TimeSeries s = new TimeSeries("", List.of("1", "2", "3", "4", "5"),
        new double[] {NaN, 2, NaN, NaN, 8}, new double[] {1, 2, 3, NaN, 5}, 1, new double[0], 0);
    return new SeriesDataset("y", List.of("x"), List.of(), Optional.of("t"), Optional.empty(),
        List.of(s));
  }

  @Test
  void interpolate_linearBetweenNeighbours_firstValueBackwards() {
    TimeSeries s = data().withMissing(MissingValues.INTERPOLATE).series().get(0);
    assertThat(s.target()).containsExactly(2, 2, 4, 6, 8);
    assertThat(s.past()).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void ffill_carriesTheLastValue() {
    TimeSeries s = data().withMissing(MissingValues.FFILL).series().get(0);
    assertThat(s.target()).containsExactly(2, 2, 2, 2, 8);
    assertThat(s.past()).containsExactly(1, 2, 3, 3, 5);
  }

  @Test
  void drop_keepsCompleteRowsWithTheirLabels() {
    TimeSeries s = data().withMissing(MissingValues.DROP).series().get(0);
    assertThat(s.target()).containsExactly(2, 8);
    assertThat(s.times()).containsExactly("2", "5");
  }

  @Test
  void error_namesRowTimeAndColumn() {
    assertThatThrownBy(() -> data().withMissing(MissingValues.ERROR))
        .hasMessage("row 1 (1): column 'y' is missing; choose --missing drop, ffill or"
            + " interpolate");
    assertThat(MissingValues.of("ffill")).isEqualTo(MissingValues.FFILL);
    assertThatThrownBy(() -> MissingValues.of("zero")).hasMessageContaining("got 'zero'");
  }
}
