package org.lstmlab.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.lstmlab.core.forecast.SeriesDataset;
import org.lstmlab.core.forecast.TimeSeries;

/**
 * Long-format series rows (id, time, target, covariates; one row per series and time step) read
 * as the library's {@link TimeSeries}, on the executors.
 *
 * <p>{@link #grouped} hash-partitions the rows by series id and sorts each partition by (id,
 * time), so a partition holds whole series, each in time order; {@link Series} then walks a
 * partition's rows series by series without collecting the partition. Two helper columns are
 * added: the id as a string and the time as a string label (the library's time labels, from which
 * forecasts carry the axis on). A null target or covariate becomes NaN, which the library reports
 * by series, row and column.
 */
final class SeriesRows {

  static final String ID = "__lstmlab_id";
  static final String LABEL = "__lstmlab_time";

  private SeriesRows() {}

  /**
   * Checks that the Params' columns are in {@code schema} with usable types.
   *
   * @throws IllegalArgumentException in one line naming the column, its type and what would do
   */
  static void check(StructType schema, ForecastParams p) {
    List<String> names = Arrays.asList(schema.fieldNames());
    require(schema, names, p.getIdCol(), "idCol", null);
    require(schema, names, p.getTimeCol(), "timeCol", null);
    require(schema, names, p.getTargetCol(), "targetCol", "numeric");
    for (String c : p.getCovariateCols()) {
      require(schema, names, c, "covariateCols", "numeric");
    }
    DataType t = schema.apply(p.getTimeCol()).dataType();
    if (!(t instanceof NumericType || t.equals(DataTypes.StringType)
        || t.equals(DataTypes.DateType) || t.equals(DataTypes.TimestampType)
        || t.equals(DataTypes.TimestampNTZType))) {
      throw new IllegalArgumentException("column '" + p.getTimeCol() + "' (timeCol) is "
          + t.simpleString() + "; it must be a timestamp, date, number or string to order rows by");
    }
  }

  private static void require(StructType schema, List<String> names, String column, String param,
      String kind) {
    if (!names.contains(column)) {
      throw new IllegalArgumentException("column '" + column + "' (" + param + ") is not in the"
          + " DataFrame; its columns are " + names);
    }
    DataType t = schema.apply(column).dataType();
    if ("numeric".equals(kind) && !(t instanceof NumericType)) {
      throw new IllegalArgumentException("column '" + column + "' (" + param + ") is "
          + t.simpleString() + "; it must be numeric (cast it, e.g. col(\"" + column
          + "\").cast(\"double\"))");
    }
  }

  /** {@code df} with the helper columns, partitioned by series and sorted by (series, time). */
  static Dataset<Row> grouped(Dataset<?> df, ForecastParams p, int partitions) {
    check(df.schema(), p);
    Column id = functions.col(p.getIdCol()).cast(DataTypes.StringType);
    Dataset<Row> d = df.toDF().withColumn(ID, id)
        .withColumn(LABEL, functions.col(p.getTimeCol()).cast(DataTypes.StringType));
    return d.repartition(partitions, functions.col(ID))
        .sortWithinPartitions(functions.col(ID), functions.col(p.getTimeCol()));
  }

  /** Field positions of the columns a series is read from. */
  record Fields(int id, int label, int target, int[] covariates) implements java.io.Serializable {
    static Fields of(StructType schema, ForecastParams p) {
      String[] c = p.getCovariateCols();
      int[] cov = new int[c.length];
      for (int k = 0; k < c.length; k++) {
        cov[k] = schema.fieldIndex(c[k]);
      }
      return new Fields(schema.fieldIndex(ID), schema.fieldIndex(LABEL),
          schema.fieldIndex(p.getTargetCol()), cov);
    }
  }

  /** One series' rows, in time order, and the series read from them. */
  record One(String id, List<Row> rows, TimeSeries series) {}

  /** The series of one partition, one after the other. */
  static final class Series implements Iterator<One> {
    private final Iterator<Row> rows;
    private final Fields f;
    private Row next;

    Series(Iterator<Row> rows, Fields f) {
      this.rows = rows;
      this.f = f;
      this.next = rows.hasNext() ? rows.next() : null;
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public One next() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      String id = next.getString(f.id());
      List<Row> group = new ArrayList<>();
      while (next != null && id.equals(next.getString(f.id()))) {
        group.add(next);
        next = rows.hasNext() ? rows.next() : null;
      }
      return new One(id, group, series(id, group, f));
    }
  }

  /** The library's series of {@code rows} (one series, in time order). */
  static TimeSeries series(String id, List<Row> rows, Fields f) {
    int n = rows.size();
    int p = f.covariates().length;
    double[] y = new double[n];
    double[] past = new double[n * p];
    List<String> times = new ArrayList<>(n);
    for (int r = 0; r < n; r++) {
      Row row = rows.get(r);
      y[r] = number(row, f.target());
      for (int k = 0; k < p; k++) {
        past[r * p + k] = number(row, f.covariates()[k]);
      }
      String label = row.isNullAt(f.label()) ? null : row.getString(f.label());
      times.add(label == null ? Integer.toString(r) : label);
    }
    return new TimeSeries(id, times, y, past, p, new double[0], 0);
  }

  private static double number(Row row, int i) {
    return row.isNullAt(i) ? Double.NaN : ((Number) row.get(i)).doubleValue();
  }

  /** A dataset of {@code series} with the Params' column names. */
  static SeriesDataset dataset(ForecastParams p, List<TimeSeries> series) {
    return dataset(p, p.getCovariateCols().length, series);
  }

  /**
   * A dataset of {@code series}, which have {@code past} covariates, named by the Params or, with
   * prepared windows ({@code windowsCol}), after the windows column: {@code windows[1]}, ….
   */
  static SeriesDataset dataset(ForecastParams p, int past, List<TimeSeries> series) {
    List<String> names = new ArrayList<>(Arrays.asList(p.getCovariateCols()));
    if (!p.getWindowsCol().isEmpty()) {
      names.clear();
      for (int k = 1; k <= past; k++) {
        names.add(p.getWindowsCol() + "[" + k + "]");
      }
    }
    return new SeriesDataset(p.getWindowsCol().isEmpty() ? p.getTargetCol() : p.getLabelCol(),
        names, List.of(), Optional.of(p.getTimeCol()), Optional.of(p.getIdCol()), series);
  }

  /** The names of {@code schema}'s fields other than the helper columns. */
  static StructType withoutHelpers(StructType schema) {
    List<StructField> out = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (!f.name().equals(ID) && !f.name().equals(LABEL)) {
        out.add(f);
      }
    }
    return new StructType(out.toArray(new StructField[0]));
  }
}
