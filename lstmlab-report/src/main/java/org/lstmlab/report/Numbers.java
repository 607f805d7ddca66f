package org.lstmlab.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * Number formatting for people: axis labels, table cells, terminal tables. Not for data, which
 * travels as JSON with every digit. One format everywhere: {@link #cell} for a number in a table,
 * {@link #plain} for a readout.
 */
public final class Numbers {

  private Numbers() {}

  /** Significant digits of a table cell. */
  public static final int CELL_DIGITS = 4;

  /**
   * Relative size below which a value in a table is float rounding of zero: an R² of −1.8e-15
   * next to values of order one reads "0".
   */
  static final double ROUNDING = 1e-9;

  /**
   * A table cell: {@code v} to {@value #CELL_DIGITS} significant digits (0.1347, 1.394, 1217,
   * −130.7), scientific outside [1e-3, 1e5) (3.00e-5), "0" for a value that is float rounding of
   * zero next to the column's largest magnitude {@code columnScale} (or an exact zero, whatever its
   * sign), "–" for NaN. The same number reads the same in every table of the project.
   */
  public static String cell(double v, double columnScale) {
    if (v == 0 || (Double.isFinite(v) && Math.abs(v) < ROUNDING * columnScale)) {
      return "0";
    }
    return significant(v, CELL_DIGITS);
  }

  /** The largest finite magnitude in {@code values} (0 when none), a column's scale for {@link #cell}. */
  public static double scale(Iterable<Double> values) {
    double max = 0;
    for (Double v : values) {
      if (v != null && Double.isFinite(v)) {
        max = Math.max(max, Math.abs(v));
      }
    }
    return max;
  }

  /** A short form: up to 5 significant digits, scientific outside [1e-3, 1e5), "–" for NaN. */
  public static String plain(double v) {
    return significant(v, 5);
  }

  /** Up to {@code digits} significant digits, scientific outside [1e-3, 1e5), "–" for NaN. */
  public static String significant(double v, int digits) {
    if (Double.isNaN(v)) {
      return "–";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "∞" : "−∞";
    }
    double a = Math.abs(v);
    if (a != 0 && (a >= 1e5 || a < 1e-3)) {
      return scientific(v, digits - 2);
    }
    if (v == 0) {
      return "0"; // and not "-0"
    }
    return new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
  }

  /** Scientific with a short exponent: 1.234e-5 rather than 1.234E-05. */
  static String scientific(double v, int decimals) {
    String s = String.format(Locale.ROOT, "%." + decimals + "e", v);
    int e = s.indexOf('e');
    String mantissa = s.substring(0, e);
    int exponent = Integer.parseInt(s.substring(e + 1));
    return mantissa + "e" + exponent;
  }
}
