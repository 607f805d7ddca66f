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

  @ParameterizedTest(name = "max {0} -> {1} decimals")
  @CsvSource({"0.0456, 5", "0.5, 4", "1.0, 3", "12.5, 2", "999, 1", "1234.5, 0", "99999, 0", "0.00009, -1", "2e6, -1", "0, 4"})
  void decimalsFor_largestMagnitude_fourSignificantDigits(double maxAbs, int expected) {
    assertThat(Numbers.decimalsFor(maxAbs)).isEqualTo(expected);
  }

  /** Halves round away from zero (Formatter uses HALF_UP), as people round by hand. */
  @ParameterizedTest(name = "{0} with {1} -> {2}")
  @CsvSource({"0.0012, 5, 0.00120", "2.5, 0, 3", "-0.25, 2, -0.25", "0.00001234, -1, 1.234e-5"})
  void fixed_value_roundedToDecimals(double v, int decimals, String expected) {
    assertThat(Numbers.fixed(v, decimals)).isEqualTo(expected);
  }
}
