package org.lstmlab.core.text;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws the next token from a language model's logits, with a temperature and top-k, from a seeded
 * stream: the same seed and logits give the same text.
 *
 * <p>For logits z over V ids: the padding id {@value Vocabulary#PAD_ID} is never drawn; of the rest,
 * only the k largest logits are kept (top-k [Fan et al. 2018, "Hierarchical neural story
 * generation"]; ties at the k-th value are all kept, so the result does not depend on their order);
 * then P(v) = softmax(z / T) over those. T &lt; 1 sharpens the distribution, T &gt; 1 flattens it,
 * T = 0 is greedy (the largest logit, the lowest id on ties) and draws nothing from the stream.
 * One draw takes one {@code nextDouble()} u and returns the first id whose cumulative probability
 * exceeds u.
 *
 * <p>Not thread-safe: one sampler, one stream.
 */
public final class TokenSampler {

  /** top-k that keeps every id. */
  public static final int ALL = Integer.MAX_VALUE;

  private final double temperature;
  private final int topK;
  private final SplittableRandom rng;

  /**
   * @param temperature T ≥ 0 (0: greedy)
   * @param topK k ≥ 1, or {@link #ALL}
   * @param seed the stream's seed
   * @throws IllegalArgumentException on T &lt; 0 or not finite, or k &lt; 1
   */
  public TokenSampler(double temperature, int topK, long seed) {
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be a number ≥ 0, got " + temperature);
    }
    if (topK < 1) {
      throw new IllegalArgumentException("topK must be at least 1, got " + topK);
    }
    this.temperature = temperature;
    this.topK = topK;
    this.rng = new SplittableRandom(seed);
  }

  /**
   * The probabilities this sampler draws from for {@code logits[off .. off + V)}: zero for the
   * padding id and outside the top k.
   *
   * @throws IllegalArgumentException if V &lt; 2 or the slice is outside the array
   */
  public double[] probabilities(float[] logits, int off, int vocabSize) {
    if (vocabSize < 2 || logits == null || off < 0 || off + vocabSize > logits.length) {
      throw new IllegalArgumentException("logits must hold V ≥ 2 values from offset " + off);
    }
    double[] p = new double[vocabSize];
    int best = Vocabulary.PAD_ID + 1;
    for (int v = best + 1; v < vocabSize; v++) {
      if (logits[off + v] > logits[off + best]) {
        best = v;
      }
    }
    if (temperature == 0) {
      p[best] = 1;
      return p;
    }
    double threshold = Double.NEGATIVE_INFINITY;
    if (topK < vocabSize - 1) {
      float[] sorted = Arrays.copyOfRange(logits, off + 1, off + vocabSize);
      Arrays.sort(sorted);
      threshold = sorted[sorted.length - topK];
    }
    double max = logits[off + best];
    double sum = 0;
    for (int v = 1; v < vocabSize; v++) {
      if (logits[off + v] >= threshold) {
        p[v] = Math.exp((logits[off + v] - max) / temperature);
        sum += p[v];
      }
    }
    for (int v = 1; v < vocabSize; v++) {
      p[v] /= sum;
    }
    return p;
  }

  /** One id drawn from {@link #probabilities}. */
  public int next(float[] logits, int off, int vocabSize) {
    double[] p = probabilities(logits, off, vocabSize);
    if (temperature == 0) {
      for (int v = 0; v < vocabSize; v++) {
        if (p[v] == 1) {
          return v;
        }
      }
    }
    double u = rng.nextDouble();
    double cumulative = 0;
    int last = 1;
    for (int v = 1; v < vocabSize; v++) {
      if (p[v] > 0) {
        cumulative += p[v];
        last = v;
        if (u < cumulative) {
          return v;
        }
      }
    }
    return last; // u within rounding of 1
  }
}
