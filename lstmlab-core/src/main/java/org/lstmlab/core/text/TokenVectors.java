package org.lstmlab.core.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.lstmlab.core.nn.Parameters;
import org.lstmlab.core.nn.SequenceModel;

/**
 * The vector each token of a language model enters its first layer with, and the tokens nearest
 * a token by the cosine of their vectors: what a model has learned about which tokens behave alike.
 *
 * <p>With one-hot input (D = G·H), token v's vector is column v of {@code weight_ih_l0} (G·H, V):
 * one-hot(v) times that matrix picks the column, so the first layer's input weights are a lookup
 * table of V learned vectors, one per token, straight into the gates. An embedding of E dims is the
 * same table with its own width (its rows, (V, E)), followed by a (G·H, E) product.
 *
 * <p>Cosine: a·b / (|a| |b|), in double; 0 where a vector is all zeros. The padding id is never a
 * neighbour. Immutable (a copy of the weights at construction); thread-safe.
 */
public final class TokenVectors {

  /** The first layer's input weights (G·H, I) in a {@link SequenceModel}'s parameters. */
  public static final String FIRST_INPUT_WEIGHT = "rnn.weight_ih_l0";

  /** The embedding's table (V, E) in a {@link SequenceModel}'s parameters, if it has one. */
  public static final String EMBEDDING_WEIGHT = "embedding.weight";

  private final double[] vectors; // (V, D)
  private final int vocab; // V
  private final int dim; // D

  private TokenVectors(double[] vectors, int vocab, int dim) {
    this.vectors = vectors;
    this.vocab = vocab;
    this.dim = dim;
  }

  /**
   * The columns of the first layer's input weights, {@code weight_ih_l0} (G·H, V), of a model with
   * one-hot input of V tokens: row v of the result is column v.
   *
   * @throws IllegalArgumentException if the model has no such weight of V columns
   */
  public static TokenVectors ofOneHotInput(SequenceModel model, int vocabSize) {
    Parameters p = model.parameters();
    int[] shape = p.tensor(FIRST_INPUT_WEIGHT).shape(); // (G·H, V)
    if (shape.length != 2 || shape[1] != vocabSize) {
      throw new IllegalArgumentException(FIRST_INPUT_WEIGHT + " must have " + vocabSize
          + " columns (one per token), has shape " + java.util.Arrays.toString(shape));
    }
    float[] w = p.get(FIRST_INPUT_WEIGHT);
    int rows = shape[0];
    double[] v = new double[vocabSize * rows]; // (V, G·H)
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < vocabSize; c++) {
        v[c * rows + r] = w[r * vocabSize + c];
      }
    }
    return new TokenVectors(v, vocabSize, rows);
  }

  /**
   * The model's own vector of each token: with one-hot input the columns of {@code
   * weight_ih_l0} ({@link #ofOneHotInput}), with an embedding the rows of {@code embedding.weight}
   * (V, E).
   */
  public static TokenVectors of(SequenceModel model) {
    if (!model.tokenInput()) {
      return ofOneHotInput(model, model.inputSize());
    }
    int v = model.embedding().num();
    int e = model.embedding().dim();
    float[] w = model.parameters().get(EMBEDDING_WEIGHT); // (V, E)
    double[] out = new double[v * e];
    for (int i = 0; i < out.length; i++) {
      out[i] = w[i];
    }
    return new TokenVectors(out, v, e);
  }

  /**
   * What each token adds to the first layer's gates before the biases, {@code weight_ih_l0} (G·H,
   * I) times its input vector: column v with one-hot input (the same vectors as {@link
   * #ofOneHotInput}), {@code weight_ih_l0} times row v of the embedding with an embedding; D = G·H.
   */
  public static TokenVectors ofGateInput(SequenceModel model) {
    if (!model.tokenInput()) {
      return ofOneHotInput(model, model.inputSize());
    }
    TokenVectors rows = of(model); // (V, E)
    int[] shape = model.parameters().tensor(FIRST_INPUT_WEIGHT).shape(); // (G·H, E)
    float[] w = model.parameters().get(FIRST_INPUT_WEIGHT);
    int gh = shape[0];
    int e = shape[1];
    double[] out = new double[rows.vocab * gh];
    for (int v = 0; v < rows.vocab; v++) {
      for (int r = 0; r < gh; r++) {
        double sum = 0;
        for (int c = 0; c < e; c++) {
          sum += w[r * e + c] * rows.vectors[v * e + c];
        }
        out[v * gh + r] = sum;
      }
    }
    return new TokenVectors(out, rows.vocab, gh);
  }

  /** V. */
  public int vocabSize() {
    return vocab;
  }

  /** D, the length of each token's vector. */
  public int dim() {
    return dim;
  }

  /** A copy of token {@code id}'s vector, (D). */
  public double[] vector(int id) {
    check(id);
    return java.util.Arrays.copyOfRange(vectors, id * dim, (id + 1) * dim);
  }

  /** The cosine of tokens a's and b's vectors, in [−1, 1]; 0 if either is all zeros. */
  public double cosine(int a, int b) {
    check(a);
    check(b);
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int d = 0; d < dim; d++) {
      double x = vectors[a * dim + d];
      double y = vectors[b * dim + d];
      dot += x * y;
      na += x * x;
      nb += y * y;
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  /**
   * A token and its cosine to the token asked about.
   *
   * @param id the neighbour's id
   * @param cosine its vector's cosine to the asked token's
   */
  public record Neighbour(int id, double cosine) {}

  /**
   * The k tokens whose vectors have the largest cosine to token {@code id}'s, largest first (ties
   * by the smaller id); neither the token itself nor the padding id.
   *
   * @throws IllegalArgumentException if id is outside [0, V) or k &lt; 0
   */
  public List<Neighbour> nearest(int id, int k) {
    check(id);
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0, got " + k);
    }
    List<Neighbour> all = new ArrayList<>();
    for (int v = 0; v < vocab; v++) {
      if (v != id && v != Vocabulary.PAD_ID) {
        all.add(new Neighbour(v, cosine(id, v)));
      }
    }
    all.sort(Comparator.comparingDouble(Neighbour::cosine).reversed()
        .thenComparingInt(Neighbour::id));
    return List.copyOf(all.subList(0, Math.min(k, all.size())));
  }

  private void check(int id) {
    if (id < 0 || id >= vocab) {
      throw new IllegalArgumentException("token id must be in [0, " + vocab + "), got " + id);
    }
  }
}
