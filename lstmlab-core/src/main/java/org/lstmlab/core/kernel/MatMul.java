package org.lstmlab.core.kernel;

/**
 * The one matrix-product kernel the layers call: {@code C = beta·C + op(A)·op(B)}, row-major.
 *
 * <p>{@code op(A)} is (M, K): A itself when {@code transA} is false (stored (M, K) with row stride
 * {@code lda}), else its transpose (A stored (K, M)). Likewise {@code op(B)} is (K, N). {@code beta}
 * is 0 (overwrite C, ignoring whatever C held, NaN included) or 1 (accumulate). Offsets let the
 * caller address a slice of a larger flat array, e.g. one time step of a (T, B, G·H) buffer.
 *
 * <p>Implementations must be thread-safe and must not allocate in {@link #gemm}.
 */
public interface MatMul {

  /** C = beta·C + op(A)·op(B); see the class comment for the layout. */
  void gemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float beta,
      float[] c,
      int cOff,
      int ldc);

  /** A short name for logs and benchmarks, e.g. {@code plain}. */
  String name();
}
