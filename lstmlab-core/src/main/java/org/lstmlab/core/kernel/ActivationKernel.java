package org.lstmlab.core.kernel;

/**
 * The gate activations over a run of a flat array, the elementwise counterpart of {@link MatMul}.
 *
 * <p>Each element's result depends on that element alone, never on its place in the run or on the
 * run's length, so that a model fed one time step at a time, or one sequence of a batch, gets bit
 * for bit what it gets on the whole. Implementations must be thread-safe and must not allocate.
 * {@link PlainActivations} is the reference; the vector one agrees with it to within two units in
 * the last place (see {@code ActivationKernelTest}).
 */
public interface ActivationKernel {

  /** x[off, off + n) = σ(x[off, off + n)), the logistic function in place. */
  void sigmoid(float[] x, int off, int n);

  /** x[off, off + n) = tanh(x[off, off + n)) in place. */
  void tanh(float[] x, int off, int n);

  /** dst[dstOff, dstOff + n) = tanh(src[srcOff, srcOff + n)); the two runs must not overlap. */
  void tanh(float[] src, int srcOff, float[] dst, int dstOff, int n);

  /**
   * The rest of one LSTM step's forward pass for one batch row of H units, after the gate
   * activations (i, f, g, o stacked at {@code g[row..]}): c_t = f·c_{t−1} + i·g at {@code
   * c[next..]} from c_{t−1} at {@code c[prev..]}, tanh c_t at {@code tc[tcOff..]} (by this kernel's
   * {@link #tanh(float[], int, float[], int, int)}), and h_t = o·tanh c_t at {@code h[hOff..]}. The
   * products and the sum are each rounded to float in this order in every implementation.
   */
  void lstmCellForward(float[] g, int row, float[] c, int prev, int next, float[] tc, int tcOff,
      float[] h, int hOff, int hidden);

  /**
   * The elementwise part of one LSTM step's backward pass, for one batch row of H units (gates i,
   * f, g, o stacked at {@code g[row..]}, after their activations). With dh = dAbove + dh and c' =
   * c_{t−1}: dc += dh·o·(1 − tanh²c_t); then dG_i = dc·g·i(1 − i), dG_f = dc·c'·f(1 − f), dG_g =
   * dc·i·(1 − g²), dG_o = dh·tanh c_t·o(1 − o), and dc becomes dc·f, the gradient to c_{t−1}. Every
   * implementation computes each element with these operations in this order (products left to
   * right), so all give the same bits.
   *
   * @param row offset of the row's gates in {@code g} and of its gradients in {@code dG}
   * @param hs offset of the row's H units in {@code cPrev}, {@code tc} (tanh c_t) and {@code dAbove}
   * @param s offset of the row's H units in {@code dh} and {@code dc}
   */
  void lstmCellBackward(float[] g, float[] dG, int row, float[] cPrev, float[] tc, float[] dAbove,
      int hs, float[] dh, float[] dc, int s, int hidden);

  /**
   * Column sums of a block of rows, added in row order: dst[dstOff + j] += src[off + r·ld + j] for
   * r = 0, 1, …, rows − 1, j &lt; n (a bias gradient over the T·B rows of a layer's gate
   * gradients). Each element is one chain of float additions in row order, the same in every
   * implementation, so all give the same bits.
   */
  void addRows(float[] src, int off, int ld, int rows, float[] dst, int dstOff, int n);

  /**
   * {@link #addRows} into two places of dst at once, {@code dstOff} and {@code dst2Off} (an LSTM's
   * or RNN's gradients of b_ih and b_hh, which are the same column sums): the rows are read once,
   * and each of the two destinations gets the bits {@link #addRows} would give it.
   */
  void addRows(float[] src, int off, int ld, int rows, float[] dst, int dstOff, int dst2Off,
      int n);

  /** A short name for logs and benchmarks, e.g. {@code plain}. */
  String name();
}
