package org.lstmlab.report;

import java.util.List;
import java.util.Objects;

/**
 * A square table of counts over K labels, such as a classifier's confusion matrix: row = true
 * label, column = predicted label, as scikit-learn's {@code confusion_matrix}. The HTML report
 * shades each cell by its share of its row, so the diagonal (right) and the classes most confused
 * with one another show at a glance. Immutable.
 *
 * @param title the card's heading
 * @param labels the K labels, rows and columns in this order
 * @param counts (K, K) row-major, non-negative
 */
public record Matrix(String title, List<String> labels, long[] counts) {

  /**
   * Checks the shape and copies.
   *
   * @throws IllegalArgumentException on no labels, counts that are not (K, K), or a negative
   *     count
   */
  public Matrix {
    title = Checks.text(title, "title");
    labels = List.copyOf(Objects.requireNonNull(labels, "labels"));
    Objects.requireNonNull(counts, "counts");
    int k = labels.size();
    if (k == 0 || counts.length != (long) k * k) {
      throw new IllegalArgumentException("counts has " + counts.length + " values; expected (K, K)"
          + " = " + k * k + " for " + k + " labels");
    }
    counts = counts.clone();
    for (long c : counts) {
      if (c < 0) {
        throw new IllegalArgumentException("counts must be >= 0, got " + c);
      }
    }
  }

  /** The count at row {@code actual}, column {@code predicted}. */
  public long count(int actual, int predicted) {
    return counts[actual * labels.size() + predicted];
  }

  /** The counts, a copy. */
  @Override
  public long[] counts() {
    return counts.clone();
  }
}
