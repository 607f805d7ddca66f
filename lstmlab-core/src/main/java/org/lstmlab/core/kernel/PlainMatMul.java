package org.lstmlab.core.kernel;

/**
 * The reference matrix product: plain loops, obviously correct, no tricks beyond loop order.
 *
 * <p>Loop orders keep the innermost loop on contiguous memory (i-p-j for A·B, a dot product of two
 * rows for A·Bᵀ, p-i-j for Aᵀ·B) so that the JIT's auto-vectorisation has a chance; faster kernels
 * are checked against this one.
 */
public final class PlainMatMul implements MatMul {

  /** The shared instance; the class has no state. */
  public static final PlainMatMul INSTANCE = new PlainMatMul();

  private PlainMatMul() {}

  @Override
  public String name() {
    return "plain";
  }

  @Override
  public void gemm(
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
      int ldc) {
    scale(m, n, beta, c, cOff, ldc);
    if (k == 0) {
      return;
    }
    if (!transA && !transB) {
      for (int i = 0; i < m; i++) {
        int ci = cOff + i * ldc;
        int ai = aOff + i * lda;
        for (int p = 0; p < k; p++) {
          float av = a[ai + p];
          int bp = bOff + p * ldb;
          for (int j = 0; j < n; j++) {
            c[ci + j] += av * b[bp + j];
          }
        }
      }
    } else if (!transA) {
      // op(B)[p][j] = B[j][p]: each C element is a dot product of two contiguous rows.
      for (int i = 0; i < m; i++) {
        int ci = cOff + i * ldc;
        int ai = aOff + i * lda;
        for (int j = 0; j < n; j++) {
          int bj = bOff + j * ldb;
          float s = 0f;
          for (int p = 0; p < k; p++) {
            s += a[ai + p] * b[bj + p];
          }
          c[ci + j] += s;
        }
      }
    } else if (!transB) {
      // op(A)[i][p] = A[p][i]: walk A and B row by row, p outermost.
      for (int p = 0; p < k; p++) {
        int ap = aOff + p * lda;
        int bp = bOff + p * ldb;
        for (int i = 0; i < m; i++) {
          float av = a[ap + i];
          int ci = cOff + i * ldc;
          for (int j = 0; j < n; j++) {
            c[ci + j] += av * b[bp + j];
          }
        }
      }
    } else {
      for (int i = 0; i < m; i++) {
        int ci = cOff + i * ldc;
        for (int j = 0; j < n; j++) {
          int bj = bOff + j * ldb;
          float s = 0f;
          for (int p = 0; p < k; p++) {
            s += a[aOff + p * lda + i] * b[bj + p];
          }
          c[ci + j] += s;
        }
      }
    }
  }

  private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
    if (beta == 1f) {
      return;
    }
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * ldc;
      for (int j = 0; j < n; j++) {
        c[ci + j] = beta == 0f ? 0f : beta * c[ci + j];
      }
    }
  }
}
