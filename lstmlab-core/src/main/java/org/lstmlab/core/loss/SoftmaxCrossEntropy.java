package org.lstmlab.core.loss;

/**
 * Softmax cross-entropy between logits (N, C) and class targets, as PyTorch's {@code
 * cross_entropy(logits, target)} with its default mean reduction.
 *
 * <p>For row n with logits z (C) and target distribution p (C): {@code ℓ_n = logsumexp(z) − Σ_c p_c
 * z_c}, which for a class index y is {@code logsumexp(z) − z_y}; the loss is the mean over the N
 * rows. The log-sum-exp is taken after subtracting the row's largest logit, so no exponential can
 * overflow and the largest term is exactly 1 (so the logarithm's argument is ≥ 1). The gradient is
 * {@code dL/dz_nc = (softmax(z_n)_c − p_nc) / N}: for one row it is the classic "prediction minus
 * target" [Bridle 1990, "Probabilistic interpretation of feedforward classification network
 * outputs"].
 *
 * <p>Targets come in one of two layouts, told apart by their length:
 *
 * <ul>
 *   <li>N elements: class indices stored as floats, each an integer in [0, C) (PyTorch's {@code
 *       target} of dtype long);
 *   <li>N·C elements: one distribution per row, e.g. one-hot (PyTorch's probability targets);
 *       each row must be non-negative and sum to 1.
 * </ul>
 *
 * Because C ≥ 2, the two lengths never coincide.
 *
 * <p>Why this class does not implement {@link Loss}: {@link Loss} promises a target as long as the
 * prediction, and class-index targets are C times shorter. The methods have the same shape and
 * contract otherwise. Stateless and thread-safe.
 */
public final class SoftmaxCrossEntropy {

  /** The name of this loss in flags, JSON and reports. */
  public static final String NAME = "cross_entropy";

  /** How far a distribution target's row sum may stray from 1 (float rounding of one-hot sums). */
  private static final double SUM_TOLERANCE = 1e-4;

  /** C: the number of classes, ≥ 2. */
  private final int classes;

  /**
   * A cross-entropy over {@code classes} classes.
   *
   * @throws IllegalArgumentException if {@code classes < 2}
   */
  public SoftmaxCrossEntropy(int classes) {
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be >= 2, got " + classes);
    }
    this.classes = classes;
  }

  /** {@value #NAME}. */
  public String name() {
    return NAME;
  }

  /** C: the number of classes. */
  public int classes() {
    return classes;
  }

  /**
   * The mean cross-entropy over the rows.
   *
   * @param logits (N, C) unnormalised log-probabilities
   * @param target (N) class indices or (N, C) distributions
   * @throws IllegalArgumentException on a null or empty array, a logits length not a multiple of
   *     C, a target of neither length, or a target value out of range (the message gives its row)
   */
  public double value(float[] logits, float[] target) {
    return compute(logits, target, null);
  }

  /**
   * Writes {@code dL/dlogits} into {@code dLogits} (overwriting it) and returns the loss.
   *
   * @param logits (N, C)
   * @param target (N) class indices or (N, C) distributions
   * @param dLogits (N, C) receives {@code (softmax − target) / N}
   * @return the loss, as {@link #value} would return it
   * @throws IllegalArgumentException as {@link #value}, or if {@code dLogits} is not (N, C)
   */
  public double gradient(float[] logits, float[] target, float[] dLogits) {
    int n = rows(logits);
    if (dLogits == null || dLogits.length != logits.length) {
      throw new IllegalArgumentException(
          "dLogits has " + (dLogits == null ? "no" : String.valueOf(dLogits.length))
              + " elements; expected (N, C) = (" + n + ", " + classes + ") like logits");
    }
    return compute(logits, target, dLogits);
  }

  /**
   * The fraction of rows whose largest logit is at the target class (ties go to the lower class
   * index); for distribution targets the target class is the row's most probable one.
   *
   * @throws IllegalArgumentException as {@link #value}
   */
  public double accuracy(float[] logits, float[] target) {
    int n = rows(logits);
    boolean indices = indexTargets(target, n);
    int correct = 0;
    for (int r = 0; r < n; r++) {
      int y = indices ? classIndex(target, r) : argmax(target, r * classes);
      if (argmax(logits, r * classes) == y) {
        correct++;
      }
    }
    return (double) correct / n;
  }

  /** The index of the largest of the C values from {@code off}; the first one on ties. */
  public int argmax(float[] values, int off) {
    int best = 0;
    for (int c = 1; c < classes; c++) {
      if (values[off + c] > values[off + best]) {
        best = c;
      }
    }
    return best;
  }

  /**
   * The softmax of each row, the class probabilities the logits stand for: exp(z_c − logsumexp(z)).
   *
   * @param logits (N, C)
   * @return (N, C) rows that are non-negative and sum to 1 up to rounding
   * @throws IllegalArgumentException if {@code logits} is not a non-empty (N, C) array
   */
  public float[] probabilities(float[] logits) {
    int n = rows(logits);
    float[] p = new float[logits.length];
    for (int r = 0; r < n; r++) {
      int off = r * classes;
      double lse = logSumExp(logits, off, classes);
      for (int c = 0; c < classes; c++) {
        p[off + c] = (float) Math.exp(logits[off + c] - lse);
      }
    }
    return p;
  }

  /** The loss, and the gradient into {@code dLogits} unless it is null. */
  private double compute(float[] logits, float[] target, float[] dLogits) {
    int n = rows(logits);
    boolean indices = indexTargets(target, n);
    double scale = 1.0 / n;
    double sum = 0;
    for (int r = 0; r < n; r++) {
      int off = r * classes;
      double lse = logSumExp(logits, off, classes);
      if (indices) {
        int y = classIndex(target, r);
        sum += lse - logits[off + y];
        if (dLogits != null) {
          for (int c = 0; c < classes; c++) {
            double p = Math.exp(logits[off + c] - lse);
            dLogits[off + c] = (float) (scale * (c == y ? p - 1 : p));
          }
        }
      } else {
        requireDistribution(target, r);
        double dot = 0;
        for (int c = 0; c < classes; c++) {
          dot += (double) target[off + c] * logits[off + c];
        }
        sum += lse - dot;
        if (dLogits != null) {
          for (int c = 0; c < classes; c++) {
            double p = Math.exp(logits[off + c] - lse);
            dLogits[off + c] = (float) (scale * (p - target[off + c]));
          }
        }
      }
    }
    return sum / n;
  }

  /**
   * log Σ_c exp(z_c) over the C values from {@code off}, after subtracting the largest, so that no
   * exponential overflows and the logarithm's argument is ≥ 1: exact up to rounding for any z.
   */
  static double logSumExp(float[] z, int off, int classes) {
    double max = z[off];
    for (int c = 1; c < classes; c++) {
      max = Math.max(max, z[off + c]);
    }
    double sumExp = 0;
    for (int c = 0; c < classes; c++) {
      sumExp += Math.exp(z[off + c] - max);
    }
    return max + Math.log(sumExp);
  }

  /** N, after checking that {@code logits} is a non-empty (N, C) array. */
  private int rows(float[] logits) {
    if (logits == null || logits.length == 0) {
      throw new IllegalArgumentException(
          "logits is " + (logits == null ? "null" : "empty") + "; expected (N, C) with C = " + classes);
    }
    if (logits.length % classes != 0) {
      throw new IllegalArgumentException(
          "logits has " + logits.length + " elements, not a multiple of C = " + classes);
    }
    return logits.length / classes;
  }

  /** Whether {@code target} holds N class indices (true) or N·C distributions (false). */
  private boolean indexTargets(float[] target, int n) {
    if (target == null) {
      throw new IllegalArgumentException("target is null; expected (N) = " + n + " class indices"
          + " or (N, C) = " + n * classes + " probabilities");
    }
    if (target.length == n) {
      return true;
    }
    if (target.length == n * classes) {
      return false;
    }
    throw new IllegalArgumentException("target has " + target.length + " elements; expected (N) = "
        + n + " class indices or (N, C) = " + n * classes + " probabilities");
  }

  private int classIndex(float[] target, int r) {
    float v = target[r];
    int y = (int) v;
    if (y != v || y < 0 || y >= classes) {
      throw new IllegalArgumentException(
          "target[" + r + "] = " + v + " is not a class index in [0, " + classes + ")");
    }
    return y;
  }

  private void requireDistribution(float[] target, int r) {
    double rowSum = 0;
    for (int c = 0; c < classes; c++) {
      float v = target[r * classes + c];
      if (!(v >= 0)) {
        throw new IllegalArgumentException(
            "target row " + r + " has " + v + " at class " + c + "; expected probabilities >= 0");
      }
      rowSum += v;
    }
    if (Math.abs(rowSum - 1) > SUM_TOLERANCE) {
      throw new IllegalArgumentException(
          "target row " + r + " sums to " + rowSum + "; expected a distribution summing to 1");
    }
  }

  @Override
  public String toString() {
    return NAME + "(classes=" + classes + ")";
  }
}
