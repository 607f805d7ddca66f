package org.lstmlab.core.kernel;

/**
 * One step of Adam (and AdamW, AMSGrad) over one flat parameter array, the optimizers' hot loop.
 *
 * <p>Per element i, with g' = g_i + l2·w_i (L2 decay; 0 for AdamW):
 *
 * <pre>
 *   m_i = β1·m_i + (1 − β1)·g'          v_i = β2·v_i + (1 − β2)·g'²      (v_i = max(vMax_i, v_i))
 *   w_i = w_i·shrink − stepSize·m_i / (√v_i / bias2Sqrt + eps)
 * </pre>
 *
 * where the caller computes stepSize = lr / (1 − β1^t), bias2Sqrt = √(1 − β2^t) and shrink = 1 −
 * lr·weightDecay for AdamW (else 1), as PyTorch does [1]. {@link PlainAdam} is the reference, in
 * double; the vector kernel computes in float as PyTorch does on float32 tensors. Implementations
 * must be thread-safe and must not allocate.
 *
 * <p>[1] PyTorch 1.13, torch/optim/adam.py, _single_tensor_adam.
 */
public interface AdamKernel {

  /**
   * Updates w, m, v (and vMax) in place over [from, to). Each element is updated alone, so any
   * split of an array into ranges gives the bits of one pass over all of it.
   *
   * @param vMax the running maximum of v for AMSGrad, or null
   */
  void update(
      float[] w,
      float[] g,
      float[] m,
      float[] v,
      float[] vMax,
      int from,
      int to,
      double beta1,
      double beta2,
      double stepSize,
      double bias2Sqrt,
      double eps,
      double l2,
      double shrink);

  /** A short name for logs and benchmarks, e.g. {@code plain}. */
  String name();
}
