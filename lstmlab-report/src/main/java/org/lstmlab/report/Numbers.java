package org.lstmlab.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * Number formatting for people: axis labels, table cells. Not for data, which travels as JSON with
 * every digit.
 */
final class Numbers {

  private Numbers() {}

  /** A short form: up to 5 significant digits, scientific outside [1e-3, 1e5), "–" for NaN. */
  static String plain(double v) {
    return significant(v, 5);
  }

  /** Up to {@code digits} significant digits, scientific outside [1e-3, 1e5), "–" for NaN. */
  static String significant(double v, int digits) {
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
    return new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
  }

  /**
   * The number of decimals that shows a column of numbers alike, with 4 significant digits on its
   * largest magnitude; -1 when the column wants scientific notation (largest below 1e-4 or at least
   * 1e6).
   */
  static int decimalsFor(double maxAbs) {
    if (maxAbs == 0 || !Double.isFinite(maxAbs)) {
      return 4;
    }
    if (maxAbs < 1e-4 || maxAbs >= 1e6) {
      return -1;
    }
    int magnitude = (int) Math.floor(Math.log10(maxAbs));
    return Math.max(0, Math.min(8, 3 - magnitude));
  }

  /** {@code v} with {@code decimals} decimals, or scientific when decimals is -1. */
  static String fixed(double v, int decimals) {
    if (!Double.isFinite(v)) {
      return plain(v);
    }
    if (decimals < 0) {
      return scientific(v, 3);
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
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
