package org.lstmlab.core.kernel;

/**
 * Whole-array reductions the trainer runs on every step over all parameters or gradients: the
 * squared norm for clipping and divergence checks, and whether every element is finite.
 *
 * <p>Implementations: {@link PlainNorms} (the reference) and, where the Vector API is present, a
 * SIMD kernel; {@link Kernels#norms()} gives the one in use. At the notebook's 41 000 parameters
 * these two plain loops took a fifth of a batch-1 training step (JFR sampling).
 */
public interface NormKernel {

  /**
   * Σ x[i]² over [off, off + n), accumulated so that it is exact to about double rounding for any
   * finite floats (no overflow short of the double range); NaN if an element is NaN, infinite if
   * one is infinite.
   */
  double sumOfSquares(float[] x, int off, int n);

  /** Whether no element of [off, off + n) is NaN or infinite. */
  boolean allFinite(float[] x, int off, int n);

  /** "plain" or "vector". */
  String name();
}
