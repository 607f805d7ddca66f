package org.lstmlab.core.text;

import java.util.HashMap;
import java.util.Map;

/**
 * A count-based n-gram language model with add-k smoothing: the baseline a neural language model
 * must beat, in bits per token (bits per character for a character vocabulary) and perplexity on
 * held-out text.
 *
 * <p>For order n, the probability of token w after the n−1 tokens h before it is Lidstone's
 * (add-k) estimate [Chen &amp; Goodman 1998, "An empirical study of smoothing techniques for
 * language modeling", §2.1]:
 *
 * <pre>
 *   P(w | h) = (c(h, w) + k) / (c(h) + k·V')
 * </pre>
 *
 * where c counts the training text's n-grams and (n−1)-gram contexts, and V' = V − 1 is the number
 * of tokens that can follow: every id but {@link Vocabulary#PAD_ID} ({@link Vocabulary#UNK_ID}
 * included, so held-out text with unknown tokens has a finite score). k = 1 is Laplace's rule. The
 * unigram model (n = 1) has the empty context: P(w) = (c(w) + k) / (N + k·V'). Text is one
 * sequence whose first tokens see a history padded with {@link Vocabulary#PAD_ID}, in training as
 * in scoring, so every token is scored.
 *
 * <p>Held-out score: bits per token = −(1/N) Σ log₂ P(w_t | h_t); perplexity = 2^(bits per token).
 *
 * <p>What it leaves out: back-off and interpolation (Katz, Kneser–Ney), which beat add-k on words;
 * on characters with small n add-k is a fair baseline. Counts are kept in hash maps keyed by the
 * ids in base V, so V^n must fit in a long. Immutable after {@link #fit}; thread-safe.
 */
public final class NgramModel {

  private final int order; // n
  private final double k;
  private final int vocabSize; // V
  private final Map<Long, Integer> grams = new HashMap<>(); // c(h, w), key = code(h)·V + w
  private final Map<Long, Integer> contexts = new HashMap<>(); // c(h), key = code(h)

  private NgramModel(int order, double k, int vocabSize) {
    this.order = order;
    this.k = k;
    this.vocabSize = vocabSize;
  }

  /**
   * Counts the n-grams of {@code ids}.
   *
   * @param ids the training text's token ids, each in [0, V), padding not expected
   * @param order n ≥ 1 (1 unigram, 2 bigram, ...)
   * @param k the added count, &gt; 0
   * @param vocabSize V ≥ 2, the vocabulary's size with its two specials
   * @throws IllegalArgumentException on an argument out of range, an id outside [0, V), or V^n
   *     beyond a long
   */
  public static NgramModel fit(int[] ids, int order, double k, int vocabSize) {
    if (order < 1) {
      throw new IllegalArgumentException("order must be at least 1, got " + order);
    }
    if (!(k > 0) || Double.isInfinite(k)) {
      throw new IllegalArgumentException("k must be a positive number, got " + k);
    }
    if (vocabSize < 2) {
      throw new IllegalArgumentException("vocabSize must be at least 2, got " + vocabSize);
    }
    long max = 1;
    for (int i = 0; i < order; i++) {
      if (max > Long.MAX_VALUE / vocabSize) {
        throw new IllegalArgumentException("order " + order + " is too high for " + vocabSize
            + " tokens: V^n must fit in a long");
      }
      max *= vocabSize;
    }
    NgramModel m = new NgramModel(order, k, vocabSize);
    m.check(ids);
    for (int t = 0; t < ids.length; t++) {
      long h = m.context(ids, t);
      m.contexts.merge(h, 1, Integer::sum);
      m.grams.merge(h * vocabSize + ids[t], 1, Integer::sum);
    }
    return m;
  }

  /** n. */
  public int order() {
    return order;
  }

  /** The added count k. */
  public double k() {
    return k;
  }

  /**
   * P(ids[t] | the n−1 ids before t, padded), the smoothed estimate.
   *
   * @throws IllegalArgumentException on an id outside [0, V) or t outside the array
   */
  public double probability(int[] ids, int t) {
    if (t < 0 || t >= ids.length) {
      throw new IllegalArgumentException("t must be in [0, " + ids.length + "), got " + t);
    }
    check(ids);
    return estimate(ids, t);
  }

  /**
   * −(1/N) Σ log₂ P(w_t | h_t) over the N tokens of {@code ids}: bits per token (per character
   * for a character vocabulary).
   *
   * @throws IllegalArgumentException on an empty array or an id outside [0, V)
   */
  public double bitsPerToken(int[] ids) {
    check(ids);
    if (ids.length == 0) {
      throw new IllegalArgumentException("ids is empty: nothing to score");
    }
    double sum = 0;
    for (int t = 0; t < ids.length; t++) {
      sum -= Math.log(estimate(ids, t));
    }
    return sum / ids.length / Math.log(2);
  }

  /** 2^(bits per token): the model's effective number of choices per token. */
  public double perplexity(int[] ids) {
    return Math.pow(2, bitsPerToken(ids));
  }

  /** (c(h, w) + k) / (c(h) + k·V') for w = ids[t]. */
  private double estimate(int[] ids, int t) {
    long h = context(ids, t);
    return (grams.getOrDefault(h * vocabSize + ids[t], 0) + k)
        / (contexts.getOrDefault(h, 0) + k * (vocabSize - 1));
  }

  /** The code of the n−1 ids before t, in base V, most recent last; PAD before the start. */
  private long context(int[] ids, int t) {
    long h = 0;
    for (int j = t - order + 1; j < t; j++) {
      h = h * vocabSize + (j < 0 ? Vocabulary.PAD_ID : ids[j]);
    }
    return h;
  }

  private void check(int[] ids) {
    if (ids == null) {
      throw new IllegalArgumentException("ids is null");
    }
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= vocabSize) {
        throw new IllegalArgumentException("ids[" + i + "] = " + ids[i] + " is outside [0, "
            + vocabSize + ")");
      }
    }
  }

  /**
   * A baseline's held-out score.
   *
   * @param name {@code unigram}, {@code bigram} or {@code trigram}
   * @param order n
   * @param k the add-k smoothing
   * @param bitsPerToken on the held-out ids
   */
  public record Baseline(String name, int order, double k, double bitsPerToken) {}

  /**
   * The baselines a language model is measured against, fit on {@code train} and scored on {@code
   * held}: unigram and bigram with add-1, trigram with add-0.1 (the smoothing of docs/TEXT.md's
   * tables).
   *
   * @throws IllegalArgumentException as {@link #fit}, or if {@code held} is empty
   */
  public static java.util.List<Baseline> baselines(int[] train, int[] held, int vocabSize) {
    if (held == null || held.length == 0) {
      throw new IllegalArgumentException("no held-out tokens to score the baselines on");
    }
    return java.util.List.of(
        new Baseline("unigram", 1, 1, fit(train, 1, 1, vocabSize).bitsPerToken(held)),
        new Baseline("bigram", 2, 1, fit(train, 2, 1, vocabSize).bitsPerToken(held)),
        new Baseline("trigram", 3, 0.1, fit(train, 3, 0.1, vocabSize).bitsPerToken(held)));
  }
}
