package org.lstmlab.core.forecast;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The data a {@link Forecaster} learns from: one or many series (a store, a sensor, a product
 * each), all with the same columns: a target, P past covariates and F known-future covariates.
 * Each series keeps its own time labels; series may differ in length.
 *
 * <p>Past covariates are values known only up to the present (another sensor's reading): the
 * model reads them inside its input window. Known-future covariates are known ahead (a holiday
 * flag, a planned promotion): the model also reads their values over the forecast horizon. A
 * column may not be both; the target may be a past covariate of itself only implicitly (the
 * model always reads the target's past).
 *
 * <p>Immutable.
 */
public final class SeriesDataset {

  private final String target;
  private final List<String> past;
  private final List<String> future;
  private final Optional<String> timeColumn;
  private final Optional<String> idColumn;
  private final List<TimeSeries> series;

  /**
   * A dataset.
   *
   * @param target the target column's name
   * @param past the P past covariates' names
   * @param future the F known-future covariates' names
   * @param timeColumn the name of the time labels' column, if any
   * @param idColumn the name of the series id's column, if any
   * @param series at least one series, every one with P past and F future columns
   * @throws IllegalArgumentException if a name repeats, a series has other column counts, or two
   *     series share an id
   */
  public SeriesDataset(String target, List<String> past, List<String> future,
      Optional<String> timeColumn, Optional<String> idColumn, List<TimeSeries> series) {
    Set<String> names = new HashSet<>();
    names.add(target);
    for (String c : concat(past, future)) {
      if (!names.add(c)) {
        throw new IllegalArgumentException("column '" + c + "' is named twice among the target"
            + " and covariates");
      }
    }
    if (series.isEmpty()) {
      throw new IllegalArgumentException("a dataset needs at least one series");
    }
    Set<String> ids = new HashSet<>();
    for (TimeSeries s : series) {
      if (s.pastColumns() != past.size() || s.futureColumns() != future.size()) {
        throw new IllegalArgumentException(s.where() + "has " + s.pastColumns() + " past and "
            + s.futureColumns() + " future covariates; the dataset names " + past.size() + " and "
            + future.size());
      }
      if (!ids.add(s.id())) {
        throw new IllegalArgumentException("series id '" + s.id() + "' appears twice");
      }
    }
    this.target = target;
    this.past = List.copyOf(past);
    this.future = List.copyOf(future);
    this.timeColumn = timeColumn;
    this.idColumn = idColumn;
    this.series = List.copyOf(series);
  }

  /** A dataset of one series of target values, e.g. a column read from a file. */
  public static SeriesDataset of(String target, Optional<String> timeColumn, List<String> times,
      double[] values) {
    return new SeriesDataset(target, List.of(), List.of(), timeColumn, Optional.empty(),
        List.of(TimeSeries.of("", times, values)));
  }

  /** The target's name. */
  public String target() {
    return target;
  }

  /** The past covariates' names. */
  public List<String> past() {
    return past;
  }

  /** The known-future covariates' names. */
  public List<String> future() {
    return future;
  }

  /** Every column: the target, then past, then future covariates. */
  public List<String> columns() {
    List<String> c = new ArrayList<>();
    c.add(target);
    c.addAll(past);
    c.addAll(future);
    return c;
  }

  /** The time labels' column, if any. */
  public Optional<String> timeColumn() {
    return timeColumn;
  }

  /** The series id's column, if any. */
  public Optional<String> idColumn() {
    return idColumn;
  }

  /** The series. */
  public List<TimeSeries> series() {
    return series;
  }

  /**
   * The series called {@code id}.
   *
   * @throws IllegalArgumentException if there is none, listing some ids
   */
  public TimeSeries series(String id) {
    for (TimeSeries s : series) {
      if (s.id().equals(id)) {
        return s;
      }
    }
    List<String> ids = series.stream().map(TimeSeries::id).limit(5).toList();
    throw new IllegalArgumentException("no series '" + id + "'; the data has " + series.size()
        + " series, e.g. " + ids);
  }

  /**
   * This dataset with its missing values handled by {@code policy}.
   *
   * @throws IllegalArgumentException as {@link MissingValues} says
   */
  public SeriesDataset withMissing(MissingValues policy) {
    List<TimeSeries> out = new ArrayList<>();
    for (TimeSeries s : series) {
      out.add(policy.apply(s, columns()));
    }
    return new SeriesDataset(target, past, future, timeColumn, idColumn, out);
  }

  /** This dataset with other series of the same columns. */
  public SeriesDataset withSeries(List<TimeSeries> other) {
    return new SeriesDataset(target, past, future, timeColumn, idColumn, other);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> c = new ArrayList<>(a);
    c.addAll(b);
    return c;
  }
}
