package org.lstmlab.core.forecast;

import java.util.List;
import java.util.Locale;

/**
 * What to do with missing values (NaN) in a series: {@code error} (the default: say where the
 * first one is), {@code drop} the rows that have one, carry the last value forward ({@code
 * ffill}), or {@code interpolate} linearly between the neighbours.
 *
 * <p>{@code ffill} and {@code interpolate} work column by column; values missing before a
 * column's first value take that first value (there is nothing to carry forward), and {@code
 * interpolate} continues the last value after a column's last one, as pandas' {@code
 * interpolate(limit_direction="both")} does for linear interpolation. Interpolation is by row
 * position, not by the time labels. A column with no value at all is an error under every
 * policy.
 */
public enum MissingValues {
  ERROR, DROP, FFILL, INTERPOLATE;

  /** The names the command line takes, in order. */
  public static final List<String> NAMES = List.of("error", "drop", "ffill", "interpolate");

  /**
   * The policy called {@code name}.
   *
   * @throws IllegalArgumentException for any other name
   */
  public static MissingValues of(String name) {
    int i = NAMES.indexOf(String.valueOf(name));
    if (i < 0) {
      throw new IllegalArgumentException("missing must be one of " + NAMES + ", got '" + name
          + "'");
    }
    return values()[i];
  }

  /** The name, as {@link #of} takes it. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * {@code s} with its missing values handled.
   *
   * @param columns the dataset's column names, the target first, then past, then future
   * @throws IllegalArgumentException under {@code error}, naming the series, row (from 1, with its
   *     time label) and column of the first missing value; under any policy, naming a column
   *     that has no value at all
   */
  TimeSeries apply(TimeSeries s, List<String> columns) {
    int n = s.length();
    int p = s.pastColumns();
    int f = s.futureColumns();
    double[] y = s.target();
    double[] past = s.past();
    double[] fut = s.future();
    boolean any = false;
    for (int r = 0; r < n && !any; r++) {
      any = Double.isNaN(y[r]) || hasNaN(past, r * p, p) || hasNaN(fut, r * f, f);
    }
    if (!any) {
      return s;
    }
    if (this == ERROR) {
      for (int r = 0; r < n; r++) {
        int c = Double.isNaN(y[r]) ? 0 : -1;
        for (int k = 0; c < 0 && k < p; k++) {
          c = Double.isNaN(past[r * p + k]) ? 1 + k : -1;
        }
        for (int k = 0; c < 0 && k < f; k++) {
          c = Double.isNaN(fut[r * f + k]) ? 1 + p + k : -1;
        }
        if (c >= 0) {
          String when = s.times().isEmpty() ? "" : " (" + s.times().get(r) + ")";
          throw new IllegalArgumentException(s.where() + "row " + (r + 1) + when + ": column '"
              + columns.get(c) + "' is missing; choose --missing drop, ffill or interpolate");
        }
      }
    }
    if (this == DROP) {
      boolean[] keep = new boolean[n];
      for (int r = 0; r < n; r++) {
        keep[r] = !Double.isNaN(y[r]) && !hasNaN(past, r * p, p) && !hasNaN(fut, r * f, f);
      }
      return s.keep(keep);
    }
    fill(s, y, 0, 1, columns.get(0));
    for (int k = 0; k < p; k++) {
      fill(s, past, k, p, columns.get(1 + k));
    }
    for (int k = 0; k < f; k++) {
      fill(s, fut, k, f, columns.get(1 + p + k));
    }
    return s.withValues(y, past, fut);
  }

  private static boolean hasNaN(double[] a, int from, int len) {
    for (int i = from; i < from + len; i++) {
      if (Double.isNaN(a[i])) {
        return true;
      }
    }
    return false;
  }

  /** Fills column {@code col} of (n, stride) values in place. */
  private void fill(TimeSeries s, double[] a, int col, int stride, String name) {
    int n = stride == 0 ? 0 : a.length / stride;
    int first = -1;
    for (int r = 0; r < n && first < 0; r++) {
      first = Double.isNaN(a[r * stride + col]) ? -1 : r;
    }
    if (first < 0) {
      if (n > 0) {
        throw new IllegalArgumentException(s.where() + "column '" + name + "' has no value");
      }
      return;
    }
    for (int r = 0; r < first; r++) {
      a[r * stride + col] = a[first * stride + col];
    }
    int prev = first;
    for (int r = first + 1; r < n; r++) {
      if (!Double.isNaN(a[r * stride + col])) {
        if (this == INTERPOLATE && r - prev > 1) {
          double from = a[prev * stride + col];
          double to = a[r * stride + col];
          for (int q = prev + 1; q < r; q++) {
            a[q * stride + col] = from + (to - from) * (q - prev) / (r - prev);
          }
        }
        prev = r;
      } else if (this == FFILL) {
        a[r * stride + col] = a[prev * stride + col];
      }
    }
    for (int r = prev + 1; r < n; r++) { // interpolate: the tail keeps the last value
      a[r * stride + col] = a[prev * stride + col];
    }
  }
}
