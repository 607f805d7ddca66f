package org.lstmlab.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row of the metrics table: a model on one split ("train", "validation", "test"), with its
 * metrics by column name ({@code mse}, {@code mae}, {@code rmse}, …) in the order given.
 *
 * <p>Columns are whatever the caller measured; the table shows the union of all rows' columns in
 * order of first appearance and leaves a cell empty where a row lacks the column. Immutable.
 */
public final class MetricRow {

  private final String model;
  private final String split;
  private final Map<String, Double> values;

  private MetricRow(String model, String split, Map<String, Double> values) {
    this.model = model;
    this.split = split;
    this.values = values;
  }

  /** A row; {@code values} is copied in its iteration order (use a LinkedHashMap to choose it). */
  public static MetricRow of(String model, String split, Map<String, Double> values) {
    Objects.requireNonNull(values, "values");
    Map<String, Double> copy = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          Checks.text(k, "metric name");
          copy.put(k, Objects.requireNonNull(v, "metric " + k));
        });
    return new MetricRow(
        Checks.text(model, "model"), Checks.text(split, "split"), Collections.unmodifiableMap(copy));
  }

  /** The model's name. */
  public String model() {
    return model;
  }

  /** The split the metrics were measured on. */
  public String split() {
    return split;
  }

  /** The metrics by column name, in order; unmodifiable. */
  public Map<String, Double> values() {
    return values;
  }
}
