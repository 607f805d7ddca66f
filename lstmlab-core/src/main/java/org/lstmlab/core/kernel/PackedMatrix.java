package org.lstmlab.core.kernel;

/**
 * The right-hand side op(B) (K, N) of many products, prepared once: W_hhᵀ for every step of a
 * sequence, W_hh for every step of its backward pass.
 *
 * <p>Lifecycle: {@link MatMul#pack} (first call allocates, later calls with the same handle reuse
 * its storage when it is large enough) → any number of {@link MatMul#gemm(boolean, int, float[],
 * int, int, PackedMatrix, float, float[], int, int)} → {@code pack} again once B has changed. A
 * kernel may keep a copy of B in the handle (the vector kernel keeps op(B) in its packed panels, so
 * that the recurrent step does not repack the same weights T times) or only the reference (the
 * plain kernel); a product with the handle gives bit for bit what {@link MatMul#gemm} gives on the
 * B it was packed from. Not thread-safe to pack; products from several threads may share it.
 */
public final class PackedMatrix {

  boolean transB;
  int k; // K: rows of op(B)
  int n; // N: columns of op(B)
  float[] b; // the source B, as given to pack
  int bOff;
  int ldb;
  /** A kernel's copy of op(B) in its own layout, or null; owned by {@link #packer}. */
  float[] panels;
  /** The kernel that filled {@link #panels}, or null. */
  MatMul packer;
  /** The order in which the vector kernel reads the panels at the next product (see rows). */
  boolean backward;

  /** K: rows of op(B). */
  public int rows() {
    return k;
  }

  /** N: columns of op(B). */
  public int cols() {
    return n;
  }

  /** Points the handle at B, forgetting any kernel copy. */
  void view(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
    this.transB = transB;
    this.k = k;
    this.n = n;
    this.b = b;
    this.bOff = bOff;
    this.ldb = ldb;
    this.packer = null;
  }
}
