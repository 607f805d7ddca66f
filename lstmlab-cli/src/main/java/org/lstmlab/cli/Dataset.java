package org.lstmlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.lstmlab.core.data.Scaler;
import org.lstmlab.core.data.Split;
import org.lstmlab.core.data.Windows;
import org.lstmlab.core.nn.Sizes;
import org.lstmlab.io.CsvSeries;

/**
 * A CSV series as the commands use it: the target column, the input columns, the time labels, and
 * the windows cut from them for a model.
 *
 * <p>Columns: the model reads the input columns ({@code --features}, or the target alone when none
 * are given), I of them per time step, and forecasts the target. The scaler is fitted on the
 * <em>scaled columns</em> C: the target first, then every input column that is not the target, so
 * the target's statistics are feature 0 of the scaler and an input that is the target is scaled
 * the same way. Shapes, with N rows, W the window, h the horizon:
 *
 * <pre>
 *   float[] rows;    // (N, C) the scaled columns, in the file's units
 *   x[n, t, i] = scaled(rows)[n + t, column of input i]     // (N_w, W, I)
 *   y[n, k]    = scaled(rows)[n + W + k, 0]                 // (N_w, h)
 * </pre>
 *
 * <p>This is {@code Windows} for several columns; it lives here until the core's windows take more
 * than one. Immutable.
 */
final class Dataset {

  private final Path file;
  private final String target;
  private final List<String> inputs; // I names
  private final List<String> columns; // C names, the target first
  private final int[] inputColumn; // (I) index into columns
  private final Optional<String> timeColumn;
  private final List<String> timeLabels; // (N) or empty
  private final float[] rows; // (N, C)

  private Dataset(Path file, String target, List<String> inputs, List<String> columns,
      Optional<String> timeColumn, List<String> timeLabels, float[] rows) {
    this.file = file;
    this.target = target;
    this.inputs = List.copyOf(inputs);
    this.columns = List.copyOf(columns);
    this.inputColumn = new int[inputs.size()];
    for (int i = 0; i < inputColumn.length; i++) {
      inputColumn[i] = columns.indexOf(inputs.get(i));
    }
    this.timeColumn = timeColumn;
    this.timeLabels = Collections.unmodifiableList(new ArrayList<>(timeLabels));
    this.rows = rows;
  }

  /** The scaled columns for a target and inputs: the target, then the other inputs in order. */
  static List<String> scaledColumns(String target, List<String> inputs) {
    List<String> c = new ArrayList<>();
    c.add(target);
    for (String f : inputs) {
      if (!c.contains(f)) {
        c.add(f);
      }
    }
    return c;
  }

  /**
   * Reads {@code file}.
   *
   * @param inputs the columns the model reads; empty for the target alone
   * @throws org.lstmlab.io.CsvFileException naming the file, line and column of what is wrong
   */
  static Dataset read(Path file, String target, List<String> inputs, Optional<String> timeColumn)
      throws IOException {
    List<String> in = inputs.isEmpty() ? List.of(target) : inputs;
    List<String> columns = scaledColumns(target, in);
    CsvSeries csv = CsvSeries.read(file, target, columns.subList(1, columns.size()), timeColumn);
    int n = csv.rows();
    int c = columns.size();
    float[] t = csv.targetValues(); // (N)
    float[] other = csv.featureValues(); // (N, C - 1)
    float[] rows = new float[n * c];
    for (int r = 0; r < n; r++) {
      rows[r * c] = t[r];
      for (int k = 1; k < c; k++) {
        rows[r * c + k] = other[r * (c - 1) + k - 1];
      }
    }
    return new Dataset(file, target, in, columns, timeColumn, csv.timeLabels(), rows);
  }

  /** A dataset of one series held in memory (the demo's), target and only input {@code name}. */
  static Dataset of(String name, double[] values) {
    float[] rows = new float[values.length];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = (float) values[i];
    }
    return new Dataset(null, name, List.of(name), List.of(name), Optional.empty(), List.of(), rows);
  }

  /** The file read, or null for a series in memory. */
  Path file() {
    return file;
  }

  /** The target column's name. */
  String targetName() {
    return target;
  }

  /** The I input columns, in the order the model reads them. */
  List<String> inputs() {
    return inputs;
  }

  /** The C scaled columns, the target first. */
  List<String> columns() {
    return columns;
  }

  Optional<String> timeColumn() {
    return timeColumn;
  }

  /** (N) the time labels, or empty without a time column. */
  List<String> timeLabels() {
    return timeLabels;
  }

  /** N: rows. */
  int length() {
    return rows.length / columns.size();
  }

  /** (N, C) the scaled columns in the file's units (a copy). */
  float[] rows() {
    return rows.clone();
  }

  /** (N) the target in the file's units. */
  float[] targetValues() {
    int c = columns.size();
    float[] t = new float[length()];
    for (int r = 0; r < t.length; r++) {
      t[r] = rows[r * c];
    }
    return t;
  }

  /** The scaler called {@code name} fitted on rows {@code [0, trainEnd)} of the scaled columns. */
  Scaler fitScaler(String name, int trainEnd) {
    return Scaler.fit(name, rows, columns.size(), 0, trainEnd);
  }

  /**
   * The window split, as {@code split.apply}, with its complaint about a short series naming the
   * file.
   */
  Split.Parts split(Split split, int window, int horizon) {
    try {
      return split.apply(length(), window, horizon);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(where() + e.getMessage());
    }
  }

  /**
   * Every window of the series, scaled by {@code scaler} (fitted on the scaled columns).
   *
   * @throws CommandFailure naming the file if the series is shorter than window + horizon
   */
  Windowed windows(Scaler scaler, int window, int horizon) {
    int n = length();
    int count;
    int c = columns.size();
    int in = inputColumn.length;
    int xSize;
    int ySize;
    float[] scaled;
    try {
      count = Windows.count(n, window, horizon);
      xSize = Sizes.elements("windows of " + window + " over " + n + " rows: x", count, window, in);
      ySize = Sizes.elements("windows y", count, horizon);
      Sizes.requireMemory("windows of " + window + " over " + n + " rows",
          4L * (xSize + 3L * ySize + rows.length));
      scaled = scaler.transform(rows); // (N, C)
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(where() + e.getMessage());
    }
    float[] x = new float[xSize];
    float[] y = new float[ySize];
    float[] actual = new float[ySize];
    float[] naive = new float[ySize];
    for (int w = 0; w < count; w++) {
      for (int t = 0; t < window; t++) {
        for (int i = 0; i < in; i++) {
          x[(w * window + t) * in + i] = scaled[(w + t) * c + inputColumn[i]];
        }
      }
      float last = rows[(w + window - 1) * c]; // the target's last observed value
      for (int k = 0; k < horizon; k++) {
        y[w * horizon + k] = scaled[(w + window + k) * c];
        actual[w * horizon + k] = rows[(w + window + k) * c];
        naive[w * horizon + k] = last;
      }
    }
    return new Windowed(count, window, horizon, in, x, y, actual, naive);
  }

  private String where() {
    return file == null ? "" : file + ": ";
  }

  /**
   * Windows ready for a model, with what the metrics compare against.
   *
   * @param count N_w windows
   * @param x (N_w, W, I) scaled inputs
   * @param y (N_w, h) scaled targets
   * @param actual (N_w, h) the targets in the file's units
   * @param naive (N_w, h) the naive forecast in the file's units: each window's last target value
   */
  record Windowed(int count, int window, int horizon, int inputs, float[] x, float[] y,
      float[] actual, float[] naive) {

    /** The windows of {@code range}, e.g. a split's training part. */
    Windowed slice(Split.Range range) {
      return new Windowed(
          range.size(),
          window,
          horizon,
          inputs,
          range.slice(x, window * inputs),
          range.slice(y, horizon),
          range.slice(actual, horizon),
          range.slice(naive, horizon));
    }

    /** Series index of the first value window {@code n} predicts. */
    int targetIndex(int n) {
      return n + window;
    }
  }
}
