package org.lstmlab.report;

import java.util.Objects;

/** Argument checks shared by the data model; messages name the argument and what was expected. */
final class Checks {

  private Checks() {}

  static String text(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  static double[] copy(double[] values, String what) {
    Objects.requireNonNull(values, what);
    return values.clone();
  }

  static void sameLength(double[] a, String aName, int n, String nName) {
    if (a.length != n) {
      throw new IllegalArgumentException(
          aName + " has " + a.length + " entries but " + nName + " has " + n);
    }
  }

  static void finite(double[] a, String what) {
    for (int i = 0; i < a.length; i++) {
      if (!Double.isFinite(a[i])) {
        throw new IllegalArgumentException(what + "[" + i + "] is " + a[i] + "; expected a finite number");
      }
    }
  }
}
