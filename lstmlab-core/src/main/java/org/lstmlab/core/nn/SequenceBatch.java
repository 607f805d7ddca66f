package org.lstmlab.core.nn;

/**
 * B sequences of T steps with I features each, batch-first, with their shape carried along: what a
 * {@link SequenceModel} or a {@link Recurrent} stack reads in one forward pass.
 *
 * <p>Layout, with the letters defined once for the library: {@code B} sequences in the batch,
 * {@code T} time steps, {@code I} features per step.
 *
 * <pre>
 *   float[] values; // (B, T, I)  sequence b, step t, feature i at (b·T + t)·I + i
 *   float[] h0;     // (L·D, B, H)  initial hidden state per layer and direction, or null for zeros
 *   float[] c0;     // (L·D, B, H)  initial cell state (LSTM only), or null for zeros
 *   int[] lengths;  // (B)  T_b ≤ T real steps of each row, the rest padding; or null: all T
 *   int[] tokens;   // (B, T)  token ids instead of values, for a model with an embedding
 * </pre>
 *
 * <p>A token batch ({@link #ofTokens}) holds one id per step instead of I values: {@link
 * #values()} is null, {@link #tokens()} the ids and {@link #features()} 1. Lengths and initial
 * states work on it as on a float batch.
 *
 * <p>Lengths give PyTorch's {@code pack_padded_sequence} semantics (see {@link Recurrent}): a row
 * of T_b steps gives the same outputs, final state and gradients as the row cut to T_b steps, with
 * outputs 0 at its padded steps. The rows need not be sorted by length.
 *
 * <p>The shape is fixed when the batch is made, and every factory checks it against the data,
 * so that the numbers cannot drift apart on the way to the model: a call that passed B and T the
 * wrong way round used to run silently on wrong windows. Where the data already knows its shape,
 * take the batch from it ({@code Windows.batch()}, {@link #of(float[][][])}) rather than stating
 * the numbers again; a consumer that also knows B (the {@code Trainer} from its targets) checks
 * it. The model checks I against its input size and the states against (L, B, H).
 *
 * <p>Immutable in its shape; the arrays are the caller's, not copied (the batch is a view, so that
 * the training loop's buffers cost nothing to wrap): do not write to them while the batch is in
 * use.
 */
public final class SequenceBatch {

  private final float[] values; // (B, T, I), or null for a token batch
  private final int[] tokens; // (B, T), or null for a float batch
  private final int batch; // B
  private final int steps; // T
  private final int features; // I
  private final float[] h0; // (L, B, H) or null
  private final float[] c0; // (L, B, H) or null
  private final int[] lengths; // (B) or null

  private SequenceBatch(float[] values, int[] tokens, int batch, int steps, int features,
      float[] h0, float[] c0, int[] lengths) {
    this.values = values;
    this.tokens = tokens;
    this.batch = batch;
    this.steps = steps;
    this.features = features;
    this.h0 = h0;
    this.c0 = c0;
    this.lengths = lengths;
  }

  /**
   * A batch over a flat batch-first array.
   *
   * @param values (B, T, I), not copied
   * @param batch B, sequences, &gt; 0
   * @param steps T, time steps per sequence, &gt; 0
   * @param features I, features per step, &gt; 0
   * @throws IllegalArgumentException if a size is ≤ 0 or {@code values} is null or does not hold
   *     exactly B·T·I elements (the message names the expected shape)
   */
  public static SequenceBatch of(float[] values, int batch, int steps, int features) {
    Checks.requirePositive("batch", batch);
    Checks.requirePositive("steps", steps);
    Checks.requirePositive("features", features);
    Checks.requireLength("values", values, Sizes.elements("values", batch, steps, features),
        describe(batch, steps, features));
    return new SequenceBatch(values, null, batch, steps, features, null, null, null);
  }

  /**
   * A batch of token ids, one per step, for a model that reads them through an embedding.
   *
   * @param ids (B, T) batch-first, sequence b's step t at b·T + t; not copied. The model checks
   *     each id against its vocabulary
   * @param batch B, sequences, &gt; 0
   * @param steps T, time steps per sequence, &gt; 0
   * @throws IllegalArgumentException if a size is ≤ 0 or {@code ids} is null or does not hold
   *     exactly B·T ids
   */
  public static SequenceBatch ofTokens(int[] ids, int batch, int steps) {
    Checks.requirePositive("batch", batch);
    Checks.requirePositive("steps", steps);
    long n = (long) batch * steps;
    if (ids == null || ids.length != n) {
      throw new IllegalArgumentException("ids has " + (ids == null ? "no" : ids.length)
          + " elements; expected shape (B=" + batch + ", T=" + steps + "), " + n + " ids");
    }
    return new SequenceBatch(null, ids, batch, steps, 1, null, null, null);
  }

  /**
   * A batch copied from nested arrays {@code x[b][t][i]}, whose lengths are the shape: B, T and I
   * cannot be given in the wrong order.
   *
   * @throws IllegalArgumentException if x is empty or ragged (naming the first row that differs)
   */
  public static SequenceBatch of(float[][][] x) {
    if (x == null || x.length == 0 || x[0] == null || x[0].length == 0 || x[0][0] == null
        || x[0][0].length == 0) {
      throw new IllegalArgumentException("x must be a non-empty [B][T][I] array, B, T, I > 0");
    }
    int batch = x.length;
    int steps = x[0].length;
    int features = x[0][0].length;
    float[] values = new float[Sizes.elements("x", batch, steps, features)];
    for (int b = 0; b < batch; b++) {
      if (x[b] == null || x[b].length != steps) {
        throw new IllegalArgumentException("x[" + b + "] has " + (x[b] == null ? "no" : x[b].length)
            + " steps; expected T=" + steps + " as x[0]");
      }
      for (int t = 0; t < steps; t++) {
        float[] row = x[b][t];
        if (row == null || row.length != features) {
          throw new IllegalArgumentException("x[" + b + "][" + t + "] has "
              + (row == null ? "no" : row.length) + " features; expected I=" + features
              + " as x[0][0]");
        }
        System.arraycopy(row, 0, values, (b * steps + t) * features, features);
      }
    }
    return new SequenceBatch(values, null, batch, steps, features, null, null, null);
  }

  /**
   * The same sequences, started from the given states instead of zeros (truncated BPTT, a
   * stateful forecast). The model checks them against (L, B, H).
   *
   * @param h0 (L, B, H) initial hidden state, or null for zeros; not copied
   * @param c0 (L, B, H) initial cell state, LSTM only, or null for zeros; not copied
   * @throws IllegalArgumentException if a state's length is not a multiple of B
   */
  public SequenceBatch withInitialState(float[] h0, float[] c0) {
    requireRows("h0", h0);
    requireRows("c0", c0);
    return new SequenceBatch(values, tokens, batch, steps, features, h0, c0, lengths);
  }

  /**
   * The same sequences with each row's number of real steps: row b's steps T_b..T−1 are padding
   * (any finite values) that changes neither outputs nor gradients, as PyTorch's {@code
   * pack_padded_sequence}.
   *
   * @param lengths (B) T_b in [1, T] per row, copied; null for all T
   * @throws IllegalArgumentException if lengths does not hold B values in [1, T] (naming the first
   *     that is not)
   */
  public SequenceBatch withLengths(int[] lengths) {
    checkLengths(lengths, batch, steps);
    return new SequenceBatch(values, tokens, batch, steps, features, h0, c0,
        lengths == null ? null : lengths.clone());
  }

  /**
   * Checks lengths (B) against [1, T]; returns null when it is null or every row has T steps (the
   * full-length path), else the array itself.
   */
  static int[] checkLengths(int[] lengths, int batch, int steps) {
    if (lengths == null) {
      return null;
    }
    if (lengths.length != batch) {
      throw new IllegalArgumentException("lengths has " + lengths.length
          + " values; expected one per sequence, B=" + batch);
    }
    boolean full = true;
    for (int b = 0; b < batch; b++) {
      if (lengths[b] < 1 || lengths[b] > steps) {
        throw new IllegalArgumentException("lengths[" + b + "] is " + lengths[b]
            + "; expected a length in [1, T=" + steps + "]");
      }
      full &= lengths[b] == steps;
    }
    return full ? null : lengths;
  }

  private void requireRows(String name, float[] state) {
    if (state != null && (state.length == 0 || state.length % batch != 0)) {
      throw new IllegalArgumentException(name + " has " + state.length
          + " elements; expected shape (L, B=" + batch + ", H)");
    }
  }

  /** B: sequences in the batch. */
  public int batch() {
    return batch;
  }

  /** T: time steps per sequence. */
  public int steps() {
    return steps;
  }

  /** I: features per step; 1 for a token batch. */
  public int features() {
    return features;
  }

  /**
   * (B, T, I) the values, the caller's array (not a copy): read, do not write; null for a token
   * batch.
   */
  public float[] values() {
    return values;
  }

  /** (B, T) the token ids, the caller's array (not a copy); null for a float batch. */
  public int[] tokens() {
    return tokens;
  }

  /** (B) each row's number of real steps (a copy), or null when every row has T. */
  public int[] lengths() {
    return lengths == null ? null : lengths.clone();
  }

  /** (L, B, H) the initial hidden state, or null for zeros. */
  public float[] initialHidden() {
    return h0;
  }

  /** (L, B, H) the initial cell state, or null for zeros. */
  public float[] initialCell() {
    return c0;
  }

  /** The shape, e.g. {@code (B=90, T=10, I=1)}. */
  @Override
  public String toString() {
    return "SequenceBatch" + (tokens != null ? "(B=" + batch + ", T=" + steps + ") of token ids"
        : describe(batch, steps, features))
        + (h0 != null || c0 != null ? " with initial state" : "")
        + (lengths != null ? " with lengths" : "");
  }

  private static String describe(int batch, int steps, int features) {
    return "(B=" + batch + ", T=" + steps + ", I=" + features + ")";
  }
}
