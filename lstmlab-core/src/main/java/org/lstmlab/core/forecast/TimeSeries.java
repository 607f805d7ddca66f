package org.lstmlab.core.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One series of a {@link SeriesDataset}: its id, its time labels and its values, in time order.
 *
 * <p>Columns, with n time steps, P past covariates (known up to now: read only inside the input
 * window) and F known-future covariates (known ahead, like a calendar or a planned price: read
 * over the forecast horizon too):
 *
 * <pre>
 *   double[] target;   // (n)
 *   double[] past;     // (n, P)
 *   double[] future;   // (n, F)
 *   List times;        // (n) labels, or empty
 * </pre>
 *
 * A missing value is NaN until {@link MissingValues} handles it. Immutable: arrays are copied in
 * and out.
 */
public final class TimeSeries {

  private final String id;
  private final List<String> times;
  private final double[] target;
  private final double[] past;
  private final double[] future;
  private final int pastColumns;
  private final int futureColumns;

  /**
   * A series.
   *
   * @param id the series' id; "" for the one series of a file without an id column
   * @param times (n) time labels, or an empty list
   * @param target (n) target values
   * @param past (n, P) past covariates, row-major; empty for P = 0
   * @param pastColumns P
   * @param future (n, F) known-future covariates, row-major; empty for F = 0
   * @param futureColumns F
   * @throws IllegalArgumentException if a length does not fit n
   */
  public TimeSeries(String id, List<String> times, double[] target, double[] past,
      int pastColumns, double[] future, int futureColumns) {
    int n = target.length;
    if (!times.isEmpty() && times.size() != n) {
      throw new IllegalArgumentException("series '" + id + "': " + times.size()
          + " time labels for " + n + " values");
    }
    if (past.length != (long) n * pastColumns || future.length != (long) n * futureColumns) {
      throw new IllegalArgumentException("series '" + id + "': covariates do not have " + n
          + " rows");
    }
    this.id = id;
    this.times = List.copyOf(times);
    this.target = target.clone();
    this.past = past.clone();
    this.future = future.clone();
    this.pastColumns = pastColumns;
    this.futureColumns = futureColumns;
  }

  /** A series of target values alone. */
  public static TimeSeries of(String id, List<String> times, double[] target) {
    return new TimeSeries(id, times, target, new double[0], 0, new double[0], 0);
  }

  /** The id. */
  public String id() {
    return id;
  }

  /** (n) the time labels, or empty. */
  public List<String> times() {
    return times;
  }

  /** n. */
  public int length() {
    return target.length;
  }

  /** (n) the target. */
  public double[] target() {
    return target.clone();
  }

  /** (n, P) the past covariates. */
  public double[] past() {
    return past.clone();
  }

  /** (n, F) the known-future covariates. */
  public double[] future() {
    return future.clone();
  }

  /** P. */
  public int pastColumns() {
    return pastColumns;
  }

  /** F. */
  public int futureColumns() {
    return futureColumns;
  }

  double[] targetRef() {
    return target;
  }

  double[] pastRef() {
    return past;
  }

  double[] futureRef() {
    return future;
  }

  /** Rows {@code [from, to)} of this series. */
  public TimeSeries slice(int from, int to) {
    if (from < 0 || to > length() || from > to) {
      throw new IllegalArgumentException("rows [" + from + ", " + to + ") are not within the "
          + length() + " rows of series '" + id + "'");
    }
    return new TimeSeries(id, times.isEmpty() ? times : times.subList(from, to),
        Arrays.copyOfRange(target, from, to),
        Arrays.copyOfRange(past, from * pastColumns, to * pastColumns), pastColumns,
        Arrays.copyOfRange(future, from * futureColumns, to * futureColumns), futureColumns);
  }

  /** This series with only the rows whose flag is set. */
  TimeSeries keep(boolean[] rows) {
    int n = 0;
    for (boolean r : rows) {
      n += r ? 1 : 0;
    }
    List<String> t = new ArrayList<>(n);
    double[] y = new double[n];
    double[] p = new double[n * pastColumns];
    double[] f = new double[n * futureColumns];
    int k = 0;
    for (int i = 0; i < rows.length; i++) {
      if (!rows[i]) {
        continue;
      }
      if (!times.isEmpty()) {
        t.add(times.get(i));
      }
      y[k] = target[i];
      System.arraycopy(past, i * pastColumns, p, k * pastColumns, pastColumns);
      System.arraycopy(future, i * futureColumns, f, k * futureColumns, futureColumns);
      k++;
    }
    return new TimeSeries(id, t, y, p, pastColumns, f, futureColumns);
  }

  /** This series with other values in the same places. */
  TimeSeries withValues(double[] target, double[] past, double[] future) {
    return new TimeSeries(id, times, target, past, pastColumns, future, futureColumns);
  }

  /** The series' name in messages: {@code series 'id'}, or nothing for an unnamed one. */
  String where() {
    return id.isEmpty() ? "" : "series '" + id + "': ";
  }
}
