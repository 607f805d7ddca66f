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

  /** A short name for logs and benchmarks, e.g. {@code plain}. */
  String name();
}
