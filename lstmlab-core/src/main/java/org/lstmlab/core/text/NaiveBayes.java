package org.lstmlab.core.text;

import java.util.Arrays;

/**
 * A bag-of-words text classifier, multinomial naive Bayes with add-k smoothing: the baseline a
 * sequence classifier must beat, since it sees which tokens occur but not their order.
 *
 * <p>For class c with N_c training documents of N, token counts T_ct (of token t in c's documents)
 * and V' tokens that can occur (all ids but padding): prior P(c) = N_c / N, P(t | c) = (T_ct + k)
 * / (Σ_t T_ct + k·V'), and a document d is scored log P(c) + Σ_{t ∈ d} log P(t | c), its tokens
 * counted with repetition [Manning, Raghavan &amp; Schütze 2008, "Introduction to Information
 * Retrieval", §13.2]. The prediction is the class of the highest score (the lowest on ties).
 * Scores are log-probabilities in double, so long documents do not underflow. Padding ids in a
 * document are skipped. Immutable after {@link #fit}; thread-safe.
 */
public final class NaiveBayes {

  private final int classes; // K
  private final int vocabSize; // V
  private final double[] logPrior; // (K)
  private final double[] logLikelihood; // (K, V)

  private NaiveBayes(int classes, int vocabSize, double[] logPrior, double[] logLikelihood) {
    this.classes = classes;
    this.vocabSize = vocabSize;
    this.logPrior = logPrior;
    this.logLikelihood = logLikelihood;
  }

  /**
   * Fits on documents of token ids with their labels.
   *
   * @param documents the token ids of each document, in [0, V)
   * @param labels each document's class in [0, K)
   * @param classes K ≥ 2
   * @param vocabSize V ≥ 2
   * @param k the added count, &gt; 0 (1: Laplace)
   * @throws IllegalArgumentException on arguments out of range or of different lengths; a class
   *     without documents gets prior 0 and is never predicted
   */
  public static NaiveBayes fit(int[][] documents, int[] labels, int classes, int vocabSize,
      double k) {
    if (documents == null || labels == null || documents.length != labels.length
        || documents.length == 0) {
      throw new IllegalArgumentException("documents and labels must be non-empty and of one"
          + " length");
    }
    if (classes < 2 || vocabSize < 2 || !(k > 0) || Double.isInfinite(k)) {
      throw new IllegalArgumentException("need classes ≥ 2, vocabSize ≥ 2 and k > 0; got "
          + classes + ", " + vocabSize + ", " + k);
    }
    long[] docs = new long[classes];
    double[] counts = new double[classes * vocabSize];
    double[] totals = new double[classes];
    for (int d = 0; d < documents.length; d++) {
      int c = labels[d];
      if (c < 0 || c >= classes) {
        throw new IllegalArgumentException("labels[" + d + "] = " + c + " is outside [0, "
            + classes + ")");
      }
      docs[c]++;
      for (int t : checked(documents[d], vocabSize, d)) {
        if (t != Vocabulary.PAD_ID) {
          counts[c * vocabSize + t]++;
          totals[c]++;
        }
      }
    }
    double[] logPrior = new double[classes];
    double[] logLik = new double[classes * vocabSize];
    for (int c = 0; c < classes; c++) {
      logPrior[c] = Math.log((double) docs[c] / documents.length);
      double denominator = totals[c] + k * (vocabSize - 1);
      for (int t = 1; t < vocabSize; t++) {
        logLik[c * vocabSize + t] = Math.log((counts[c * vocabSize + t] + k) / denominator);
      }
    }
    return new NaiveBayes(classes, vocabSize, logPrior, logLik);
  }

  private static int[] checked(int[] doc, int vocabSize, int d) {
    if (doc == null) {
      throw new IllegalArgumentException("documents[" + d + "] is null");
    }
    for (int i = 0; i < doc.length; i++) {
      if (doc[i] < 0 || doc[i] >= vocabSize) {
        throw new IllegalArgumentException("documents[" + d + "][" + i + "] = " + doc[i]
            + " is outside [0, " + vocabSize + ")");
      }
    }
    return doc;
  }

  /**
   * (K) log P(c) + Σ log P(t | c) for one document: its unnormalised log-posterior per class.
   *
   * @throws IllegalArgumentException on a token outside [0, V)
   */
  public double[] logScores(int[] document) {
    checked(document, vocabSize, 0);
    double[] s = Arrays.copyOf(logPrior, classes);
    for (int t : document) {
      if (t != Vocabulary.PAD_ID) {
        for (int c = 0; c < classes; c++) {
          s[c] += logLikelihood[c * vocabSize + t];
        }
      }
    }
    return s;
  }

  /** The class with the highest score, the lowest on ties. */
  public int predict(int[] document) {
    double[] s = logScores(document);
    int best = 0;
    for (int c = 1; c < classes; c++) {
      if (s[c] > s[best]) {
        best = c;
      }
    }
    return best;
  }
}
