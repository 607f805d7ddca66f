package org.lstmlab.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rounding for people: short where it can be, scientific where it must, never locale-dependent. */
class NumbersTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0, 0",
    "1, 1",
    "0.5, 0.5",
    "3.14159265, 3.1416",
    "-12345.6, -12346",
    "0.00123456, 0.0012346",
    "0.000123456, 1.235e-4",
    "123456, 1.235e5",
    "NaN, –"
  })
  void plain_value_shortForm(double v, String expected) {
    assertThat(Numbers.plain(v)).isEqualTo(expected);
  }

  /**
   * One format for every table: four significant digits per value (not per column, where 1.39
   * next to 1217 read "1"), zero for float rounding of zero next to the column's scale (an R² of
   * -1.78e-15 read "-1.78e-15", and "-0.00000000" elsewhere), never a negative zero.
   */
  @ParameterizedTest(name = "{0} in a column up to {1} -> {2}")
  @CsvSource({
    "0.13472, 1217, 0.1347",
    "1.39366, 1217, 1.394",
    "1216.88272, 1216.88272, 1217",
    "-130.676967, 130.676967, -130.7",
    "0.999221, 130.7, 0.9992",
    "-1.78e-15, 130.7, 0",
    "-0.0, 1, 0",
    "3e-5, 1.4, 3.00e-5",
    "0.0004, 1, 4.00e-4",
    "-2e-7, 1, -2.00e-7",
    "200, 200, 200",
    "NaN, 1, –"
  })
  void cell_value_fourSignificantDigitsAndZeroForRounding(double v, double scale, String expected) {
    assertThat(Numbers.cell(v, scale)).isEqualTo(expected);
  }
}
