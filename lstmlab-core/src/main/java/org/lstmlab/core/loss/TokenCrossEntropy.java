package org.lstmlab.core.loss;

/**
 * Softmax cross-entropy over token ids with an ignored id, as PyTorch's {@code
 * F.cross_entropy(logits, target, ignore_index=I)} with its mean reduction: the loss of language
 * models and sequence taggers whose padded positions must count for nothing.
 *
 * <p>For row n with logits z (C) and target class y: {@code ℓ_n = logsumexp(z) − z_y}. Rows whose
 * target is the ignored id contribute neither loss nor gradient, and the mean is over the M rows
 * that remain: {@code L = (1/M) Σ ℓ_n}, {@code dL/dz_nc = (softmax(z_n)_c − [c = y_n]) / M}, zero
 * on ignored rows [Bridle 1990]. The log-sum-exp subtracts the row's largest logit first, so no
 * exponential overflows; sums are in double.
 *
 * <p>Why a class beside {@link SoftmaxCrossEntropy}: that one takes class indices stored as floats
 * or whole distributions and averages over every row; text needs integer ids and an ignored
 * padding id, which changes the divisor. Stateless and thread-safe.
 */
public final class TokenCrossEntropy {

  /** PyTorch's default {@code ignore_index}: no real class, so nothing is ignored. */
  public static final int NO_IGNORE = -100;

  private final int classes; // C
  private final int ignoreIndex;

  /**
   * A cross-entropy over {@code classes} classes that skips targets equal to {@code ignoreIndex}
   * (e.g. {@code Vocabulary.PAD_ID}, or {@link #NO_IGNORE}).
   *
   * @throws IllegalArgumentException if {@code classes < 2}
   */
  public TokenCrossEntropy(int classes, int ignoreIndex) {
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be >= 2, got " + classes);
    }
    this.classes = classes;
    this.ignoreIndex = ignoreIndex;
  }

  /** C. */
  public int classes() {
    return classes;
  }

  /** The ignored target id. */
  public int ignoreIndex() {
    return ignoreIndex;
  }

  /**
   * The mean loss over the targets that are not ignored, in nats (÷ ln 2 for bits).
   *
   * @param logits (N, C)
   * @param target (N) ids in [0, C) or the ignored id
   * @throws IllegalArgumentException on shapes that do not fit, an id out of range (naming its
   *     row), or every target ignored (the mean of nothing; PyTorch returns NaN)
   */
  public double value(float[] logits, int[] target) {
    return compute(logits, target, null);
  }

  /**
   * Writes {@code dL/dlogits} into {@code dLogits} (overwriting it; zero on ignored rows) and
   * returns the loss.
   *
   * @throws IllegalArgumentException as {@link #value}, or if {@code dLogits} is not (N, C)
   */
  public double gradient(float[] logits, int[] target, float[] dLogits) {
    if (dLogits == null || logits == null || dLogits.length != logits.length) {
      throw new IllegalArgumentException("dLogits must have as many elements as logits (N, C)");
    }
    return compute(logits, target, dLogits);
  }

  private double compute(float[] logits, int[] target, float[] dLogits) {
    if (logits == null || target == null) {
      throw new IllegalArgumentException("logits and target must not be null");
    }
    int n = target.length;
    if (logits.length != n * classes) {
      throw new IllegalArgumentException("logits has " + logits.length + " elements; expected (N,"
          + " C) = (" + n + ", " + classes + ") for " + n + " targets");
    }
    int kept = 0;
    for (int r = 0; r < n; r++) {
      int y = target[r];
      if (y == ignoreIndex) {
        continue;
      }
      if (y < 0 || y >= classes) {
        throw new IllegalArgumentException("target[" + r + "] = " + y + " is outside [0, "
            + classes + ") and is not the ignored id " + ignoreIndex);
      }
      kept++;
    }
    if (kept == 0) {
      throw new IllegalArgumentException("every target is the ignored id " + ignoreIndex
          + ": no token to score");
    }
    double scale = 1.0 / kept;
    double sum = 0;
    for (int r = 0; r < n; r++) {
      int off = r * classes;
      int y = target[r];
      if (y == ignoreIndex) {
        if (dLogits != null) {
          java.util.Arrays.fill(dLogits, off, off + classes, 0f);
        }
        continue;
      }
      double lse = SoftmaxCrossEntropy.logSumExp(logits, off, classes);
      sum += lse - logits[off + y];
      if (dLogits != null) {
        for (int c = 0; c < classes; c++) {
          double p = Math.exp(logits[off + c] - lse);
          dLogits[off + c] = (float) (scale * (c == y ? p - 1 : p));
        }
      }
    }
    return sum * scale;
  }
}
