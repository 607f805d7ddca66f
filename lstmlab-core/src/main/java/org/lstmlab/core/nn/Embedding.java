package org.lstmlab.core.nn;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A lookup table of learned vectors, one per token id: PyTorch's {@code nn.Embedding(V, E,
 * padding_idx=P)}, weight (V, E) named {@code weight} as in its {@code state_dict()}.
 *
 * <p>Forward: ids (N) → out (N, E), row n = {@code weight[ids[n]]}; N is any flattening of the
 * batch, e.g. B·T for (B, T) ids, giving (B, T, E). Backward: the gradient of row v is the sum of
 * the output gradients of every position whose id is v ({@code dweight[ids[n]] += dout[n]}), so a
 * repeated id accumulates; the padding row gets none, so it keeps its value in training, as in
 * PyTorch. Its forward is not special: the padding row is returned as it is, zero after {@link
 * #resetParameters} (PyTorch's {@code reset_parameters}: weight ~ N(0, 1), padding row zeroed).
 * A negative padding index counts from the end, as in PyTorch ({@code -1} is row V − 1).
 *
 * <p>Lifecycle: {@code parameters().zeroGrad()} → {@link #forward} (keeps the ids, all backward
 * needs) → {@link #backward} (accumulates with +=) → an optimizer step on {@link #parameters()}.
 * Not thread-safe. Leaves out PyTorch's {@code max_norm} renormalisation and sparse gradients.
 */
public final class Embedding {

  /** No padding index. */
  public static final int NO_PADDING = Integer.MIN_VALUE;

  private final int num; // V
  private final int dim; // E
  private final int paddingIdx; // in [0, V), or -1 for none
  private Parameters params;
  private final int w; // offset of weight (V, E)
  private int[] ids = new int[0]; // (N) the ids of the latest forward

  /**
   * A table of {@code num} vectors of {@code dim} values, initialised from {@code seed}.
   *
   * @param paddingIdx the padding id in [−V, V), or {@link #NO_PADDING}
   * @throws IllegalArgumentException on sizes ≤ 0 or a padding index out of range
   */
  public Embedding(int num, int dim, int paddingIdx, long seed) {
    this(num, dim, paddingIdx, new Parameters.Builder(), "", seed);
  }

  private Embedding(int num, int dim, int paddingIdx, Parameters.Builder pb, String prefix,
      long seed) {
    this(num, dim, paddingIdx, pb, prefix);
    bind(pb.build(), seed);
  }

  /**
   * A table whose weight, {@code prefix + "weight"}, is registered in a model's parameters;
   * usable after {@link #bind}.
   */
  Embedding(int num, int dim, int paddingIdx, Parameters.Builder pb, String prefix) {
    this.num = Checks.requirePositive("num", num);
    this.dim = Checks.requirePositive("dim", dim);
    if (paddingIdx != NO_PADDING && (paddingIdx < -num || paddingIdx >= num)) {
      throw new IllegalArgumentException("paddingIdx must be in [" + -num + ", " + num
          + "), got " + paddingIdx);
    }
    this.paddingIdx = paddingIdx == NO_PADDING ? -1 : Math.floorMod(paddingIdx, num);
    this.w = pb.add(prefix + "weight", num, dim);
  }

  void bind(Parameters p, long seed) {
    this.params = p;
    resetParameters(seed);
  }

  /** Takes its tensors' values as they are in {@code p} (a copy's), without initialising them. */
  void attach(Parameters p) {
    this.params = p;
  }

  /** Weight ~ N(0, 1), PyTorch's {@code normal_()}, then the padding row set to zero. */
  public void resetParameters(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] d = params.data();
    for (int i = 0; i < num * dim; i++) {
      d[w + i] = (float) rng.nextGaussian();
    }
    if (paddingIdx >= 0) {
      Arrays.fill(d, w + paddingIdx * dim, w + (paddingIdx + 1) * dim, 0f);
    }
  }

  /**
   * The parameters that hold the weight (V, E) and its gradient: its own, {@code weight}, for a
   * table made alone; the model's, {@code embedding.weight}, for a model's input stage.
   */
  public Parameters parameters() {
    return params;
  }

  /** V: the number of ids. */
  public int num() {
    return num;
  }

  /** E: values per vector. */
  public int dim() {
    return dim;
  }

  /** The padding id in [0, V), or −1 if there is none. */
  public int paddingIdx() {
    return paddingIdx;
  }

  /**
   * The vectors of {@code ids}.
   *
   * @param ids (N) token ids in [0, V)
   * @return (N, E)
   * @throws IllegalArgumentException on a null array or an id out of range (naming its position)
   */
  public float[] forward(int[] ids) {
    if (ids == null) {
      throw new IllegalArgumentException("ids is null; expected (N) token ids");
    }
    float[] d = params.data();
    float[] out = new float[Math.multiplyExact(ids.length, dim)];
    for (int n = 0; n < ids.length; n++) {
      int id = ids[n];
      if (id < 0 || id >= num) {
        throw new IllegalArgumentException("ids[" + n + "] = " + id + " is outside [0, " + num
            + ")");
      }
      System.arraycopy(d, w + id * dim, out, n * dim, dim);
    }
    this.ids = ids.clone();
    return out;
  }

  /**
   * In the forward pass out[n] = weight[ids[n]], so dweight[v] = Σ_{n: ids[n] = v} dout[n]; the
   * padding row is skipped. Accumulates into {@link Parameters#grad()}.
   *
   * @param dOut (N, E) gradient of the loss with respect to the latest forward's output
   * @throws IllegalArgumentException if dOut is not (N, E)
   */
  public void backward(float[] dOut) {
    Checks.requireLength("dOut", dOut, ids.length * dim, "(" + ids.length + ", " + dim + ")");
    float[] g = params.gradForBackward();
    for (int n = 0; n < ids.length; n++) {
      int id = ids[n];
      if (id == paddingIdx) {
        continue;
      }
      int row = w + id * dim;
      for (int j = 0; j < dim; j++) {
        g[row + j] += dOut[n * dim + j];
      }
    }
  }
}
