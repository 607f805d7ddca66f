package org.lstmlab.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The observed series a report is about: its values and where they sit on the x axis.
 *
 * <p>The x axis is either numeric ({@link #of}, {@link #numeric}) or a column of labels such as
 * timestamps ({@link #labelled}). Traces are placed on the same axis: on a numeric axis by x value,
 * on a labelled axis by row index (0 for the first label), and an index past the last row is shown
 * as {@code +1}, {@code +2}, … so that forecasts beyond the data need no invented labels, unless
 * the series is {@link #continuedBy continued} by the labels of those rows (the times a forecast
 * continues into). A value
 * may be {@code NaN} for a gap; x values must be finite. Immutable.
 */
public final class Series {

  private final String name;
  private final String xName;
  private final double[] x; // (N) numeric positions; row indices when labelled
  private final List<String> labels; // (N) or empty when numeric
  private final List<String> future; // labels of rows N, N+1, … past the data; may be empty
  private final double[] values; // (N)
  private final boolean labelled;

  private Series(String name, String xName, double[] x, List<String> labels, double[] values) {
    this(name, xName, x, labels, values, List.of());
  }

  private Series(String name, String xName, double[] x, List<String> labels, double[] values,
      List<String> future) {
    this.future = future;
    this.labelled = labels != null;
    this.name = name;
    this.xName = xName;
    this.x = x;
    this.labels = labels == null ? List.of() : labels;
    this.values = values;
  }

  /** A series at x = 0, 1, …, N−1, named {@code name} in the legend, with x axis title "step". */
  public static Series of(String name, double[] values) {
    double[] v = Checks.copy(values, "values");
    double[] x = new double[v.length];
    Arrays.setAll(x, i -> i);
    return new Series(Checks.text(name, "name"), "step", x, null, v);
  }

  /** A series at the given numeric x positions; {@code xName} titles the x axis. */
  public static Series numeric(String name, String xName, double[] x, double[] values) {
    double[] v = Checks.copy(values, "values");
    double[] xs = Checks.copy(x, "x");
    Checks.sameLength(xs, "x", v.length, "values");
    Checks.finite(xs, "x");
    return new Series(Checks.text(name, "name"), Checks.text(xName, "xName"), xs, null, v);
  }

  /** A series whose x axis is a column of labels (e.g. dates), one per value, in order. */
  public static Series labelled(String name, String xName, List<String> labels, double[] values) {
    double[] v = Checks.copy(values, "values");
    List<String> ls = new ArrayList<>(Objects.requireNonNull(labels, "labels"));
    for (int i = 0; i < ls.size(); i++) {
      Objects.requireNonNull(ls.get(i), "labels[" + i + "]");
    }
    if (ls.size() != v.length) {
      throw new IllegalArgumentException(
          "labels has " + ls.size() + " entries but values has " + v.length);
    }
    double[] x = new double[v.length];
    Arrays.setAll(x, i -> i);
    return new Series(
        Checks.text(name, "name"),
        Checks.text(xName, "xName"),
        x,
        Collections.unmodifiableList(ls),
        v);
  }

  /**
   * This series with labels for the rows past its end, in order: a forecast placed at rows N,
   * N+1, … then reads as these times instead of +1, +2, ….
   *
   * @throws IllegalStateException if the series is numeric (its x values need no labels)
   */
  public Series continuedBy(List<String> futureLabels) {
    if (!labelled) {
      throw new IllegalStateException("series '" + name + "' is numeric; only a labelled series"
          + " takes labels past its end");
    }
    List<String> f = new ArrayList<>(Objects.requireNonNull(futureLabels, "futureLabels"));
    for (int i = 0; i < f.size(); i++) {
      Objects.requireNonNull(f.get(i), "futureLabels[" + i + "]");
    }
    return new Series(name, xName, x, labels, values, Collections.unmodifiableList(f));
  }

  /** The labels of the rows past the end of the data; empty unless {@link #continuedBy} set them. */
  public List<String> futureLabels() {
    return future;
  }

  /** The legend name of the observed values, e.g. "actual". */
  public String name() {
    return name;
  }

  /** The x axis title, e.g. "time". */
  public String xName() {
    return xName;
  }

  /** N, the number of observations. */
  public int size() {
    return values.length;
  }

  /** Whether x is a column of labels rather than numbers. */
  public boolean isLabelled() {
    return labelled;
  }

  /** The x positions (a copy): the numeric x, or the row indices 0…N−1 when labelled. */
  public double[] x() {
    return x.clone();
  }

  /** The x labels, empty when the axis is numeric. */
  public List<String> labels() {
    return labels;
  }

  /** The observed values (a copy); {@code NaN} marks a gap. */
  public double[] values() {
    return values.clone();
  }

  /**
   * How a position on this series' x axis reads: the label at that row, {@code +k} for the k-th
   * row past the end, or the number itself on a numeric axis.
   */
  public String labelAt(double position) {
    if (!isLabelled()) {
      return Numbers.plain(position);
    }
    long i = Math.round(position);
    if (i >= 0 && i < labels.size()) {
      return labels.get((int) i);
    }
    if (i >= labels.size() && i - labels.size() < future.size()) {
      return future.get((int) (i - labels.size()));
    }
    return i >= labels.size() ? "+" + (i - labels.size() + 1) : Numbers.plain(position);
  }
}
