package org.lstmlab.core.metrics;

import java.util.Arrays;

/**
 * Scores of a classifier on K classes: the confusion matrix, accuracy and macro-F1, and the
 * majority-class baseline.
 *
 * <p>Confusion matrix (K, K): row = true class, column = predicted class, as scikit-learn's {@code
 * confusion_matrix}. For class k, TP = the diagonal, FP = the column's rest, FN = the row's rest,
 * and F1_k = 2·TP / (2·TP + FP + FN), which is the harmonic mean of precision and recall, and 0
 * when TP = 0. Macro-F1 is the unweighted mean of F1_k over the classes that occur among the true
 * or the predicted labels, as scikit-learn's {@code f1_score(average='macro')} over its default
 * labels [Sokolova &amp; Lapalme 2009, "A systematic analysis of performance measures for
 * classification tasks"]: every class counts the same, however rare, so a classifier cannot score
 * well by ignoring the small ones. Immutable.
 */
public final class Classification {

  private final int classes; // K
  private final long[] confusion; // (K, K) row true, column predicted
  private final long total;

  private Classification(int classes, long[] confusion, long total) {
    this.classes = classes;
    this.confusion = confusion;
    this.total = total;
  }

  /**
   * The scores of {@code predicted} against {@code actual}.
   *
   * @throws IllegalArgumentException on K &lt; 2, arrays of different or zero length, or a label
   *     outside [0, K) (naming its position)
   */
  public static Classification of(int[] actual, int[] predicted, int classes) {
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be at least 2, got " + classes);
    }
    if (actual == null || predicted == null || actual.length != predicted.length
        || actual.length == 0) {
      throw new IllegalArgumentException("actual and predicted must be non-empty and of one"
          + " length");
    }
    long[] m = new long[classes * classes];
    for (int i = 0; i < actual.length; i++) {
      m[label("actual", actual, i, classes) * classes + label("predicted", predicted, i, classes)]++;
    }
    return new Classification(classes, m, actual.length);
  }

  private static int label(String name, int[] labels, int i, int classes) {
    if (labels[i] < 0 || labels[i] >= classes) {
      throw new IllegalArgumentException(name + "[" + i + "] = " + labels[i] + " is outside [0, "
          + classes + ")");
    }
    return labels[i];
  }

  /**
   * The majority class of {@code labels} (the lowest on ties): the baseline that always predicts
   * it.
   *
   * @throws IllegalArgumentException on an empty array or a label outside [0, K)
   */
  public static int majority(int[] labels, int classes) {
    if (labels == null || labels.length == 0) {
      throw new IllegalArgumentException("labels must not be empty");
    }
    long[] counts = new long[classes];
    for (int i = 0; i < labels.length; i++) {
      counts[label("labels", labels, i, classes)]++;
    }
    int best = 0;
    for (int k = 1; k < classes; k++) {
      if (counts[k] > counts[best]) {
        best = k;
      }
    }
    return best;
  }

  /** K. */
  public int classes() {
    return classes;
  }

  /** The (K, K) confusion matrix, row = true class, column = predicted (a copy). */
  public long[] confusion() {
    return confusion.clone();
  }

  /** Samples of true class {@code actual} predicted as {@code predicted}. */
  public long count(int actual, int predicted) {
    return confusion[actual * classes + predicted];
  }

  /** The fraction predicted right. */
  public double accuracy() {
    long right = 0;
    for (int k = 0; k < classes; k++) {
      right += confusion[k * classes + k];
    }
    return (double) right / total;
  }

  /** F1 of class k: 2·TP / (2·TP + FP + FN); 0 when TP = 0; NaN if k never occurs. */
  public double f1(int k) {
    long tp = confusion[k * classes + k];
    long row = 0;
    long column = 0;
    for (int j = 0; j < classes; j++) {
      row += confusion[k * classes + j];
      column += confusion[j * classes + k];
    }
    long fp = column - tp;
    long fn = row - tp;
    return 2 * tp + fp + fn == 0 ? Double.NaN : 2.0 * tp / (2 * tp + fp + fn);
  }

  /** The mean F1 over the classes that occur among the true or predicted labels. */
  public double macroF1() {
    double sum = 0;
    int present = 0;
    for (int k = 0; k < classes; k++) {
      double f = f1(k);
      if (!Double.isNaN(f)) {
        sum += f;
        present++;
      }
    }
    return sum / present;
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "accuracy %.4f, macro-F1 %.4f over %d samples",
        accuracy(), macroF1(), total) + " " + Arrays.toString(confusion);
  }
}
