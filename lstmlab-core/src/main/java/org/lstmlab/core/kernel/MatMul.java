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

  /**
   * Prepares op(B) (K, N) for many products with {@link #gemm(boolean, int, float[], int, int,
   * PackedMatrix, float, float[], int, int)}; see {@link PackedMatrix} for the lifecycle. The default
   * keeps only the reference to B.
   *
   * @param reuse a handle from an earlier call to refill, or null for a new one
   * @return {@code reuse}, refilled, or a new handle
   */
  default PackedMatrix pack(
      boolean transB, int k, int n, float[] b, int bOff, int ldb, PackedMatrix reuse) {
    PackedMatrix p = reuse != null ? reuse : new PackedMatrix();
    p.view(transB, k, n, b, bOff, ldb);
    return p;
  }

  /**
   * {@link #pack(boolean, int, int, float[], int, int, PackedMatrix)} for products whose op(A) will
   * have {@code rows} rows: a kernel may then keep only the reference to B where packing would not
   * pay (the vector kernel reads op(B) = B in place for a few rows). Results are the same either way.
   *
   * @param rows rows of op(A) in the products this handle will serve
   */
  default PackedMatrix pack(boolean transB, int rows, int k, int n, float[] b, int bOff, int ldb,
      PackedMatrix reuse) {
    return pack(transB, k, n, b, bOff, ldb, reuse);
  }

  /**
   * C = beta·C + op(A)·op(B) with op(B) from {@link #pack}: bit for bit what {@link #gemm} gives on
   * the B that was packed, without preparing B again.
   */
  default void gemm(
      boolean transA,
      int m,
      float[] a,
      int aOff,
      int lda,
      PackedMatrix b,
      float beta,
      float[] c,
      int cOff,
      int ldc) {
    gemm(transA, b.transB, m, b.n, b.k, a, aOff, lda, b.b, b.bOff, b.ldb, beta, c, cOff, ldc);
  }

  /**
   * C += A·B (op(A) = A, beta 1) with B from {@link #pack}, where the rows [split, K) of B meet
   * terms of A that may not be ready yet: {@code before} runs once, on the caller's thread, before
   * any of those terms is read, and a kernel may sum the terms below {@code split} first. Bit for
   * bit {@code gemm(false, m, a, aOff, lda, b, 1f, c, cOff, ldc)}. For the recurrent step in parts
   * ({@link #pipeline}): a part's product starts on its own units of h_{t−1} while another part's
   * are still being computed. The default runs {@code before}, then the product.
   */
  default void gemm(int m, float[] a, int aOff, int lda, PackedMatrix b, int split,
      Runnable before, float[] c, int cOff, int ldc) {
    before.run();
    gemm(false, m, a, aOff, lda, b, 1f, c, cOff, ldc);
  }

  /**
   * Sets how many threads one product may use (at least 1); products too small to gain run on the
   * caller's thread whatever this says. Results never depend on it: a kernel splits a product only
   * by whole rows or columns of C, each summed in its one order. The default kernel has no threads.
   */
  default void threads(int threads) {}

  /** The number of threads one product may use; see {@link #threads(int)}. */
  default int threads() {
    return 1;
  }

  /** A piece of elementwise work over items [from, to); see {@link #parallel}. */
  @FunctionalInterface
  interface Range {
    void run(int from, int to);
  }

  /**
   * Runs {@code body} over the items [0, n), split into contiguous ranges of at least {@code grain}
   * items on this kernel's threads (the default: on the caller's, as one range). For the elementwise
   * work between products (a recurrent step's gate activations, its backward cell, bias sums), which
   * on one thread would bound how much more threads can gain. The body must treat every item apart
   * from the others, so that any split gives the same bits, and must not call this kernel's
   * products. Returns when all ranges are done.
   */
  default void parallel(int n, int grain, Range body) {
    if (n > 0) {
      body.run(0, n);
    }
  }

  /** Chunk {@code chunk} of phase {@code phase}; see {@link #phases}. */
  @FunctionalInterface
  interface Phase {
    void run(int phase, int chunk);
  }

  /**
   * Runs phases 0..phases−1 one after another, each as chunks 0..chunks−1 that may run at once on
   * this kernel's threads (the default: in order, on the caller's): every chunk of a phase ends
   * before any chunk of the next begins, and sees what the earlier phases wrote. For a recurrent
   * layer's time steps, a chunk being one step's product and cells for a range of units: one
   * hand-over to the threads for all the steps, and a meeting of the threads per step. As with
   * {@link #parallel}, results must not depend on which thread runs a chunk. A chunk may call this
   * kernel's products, which then run on the chunk's thread alone.
   */
  default void phases(int phases, int chunks, Phase body) {
    for (int p = 0; p < phases; p++) {
      for (int c = 0; c < chunks; c++) {
        body.run(p, c);
      }
    }
  }

  /** Waits, inside a chunk of {@link #pipeline}, for chunks of earlier phases. */
  @FunctionalInterface
  interface Wait {
    /** Returns once chunk {@code chunk} of phase {@code phase} (an earlier phase) has ended. */
    void until(int phase, int chunk);
  }

  /** Chunk {@code chunk} of phase {@code phase} of a {@link #pipeline}. */
  @FunctionalInterface
  interface Stage {
    void run(int phase, int chunk, Wait wait);
  }

  /**
   * Runs phases 0..phases−1 as {@link #phases} does, each in chunks 0..chunks−1 on this kernel's
   * threads, but with no meeting of the threads between phases: a chunk waits, through its
   * {@link Wait}, for exactly the chunks of earlier phases whose results it reads, when it is about
   * to read them, and sees what they wrote. A recurrent layer's part of step t then waits for the
   * other parts of step t − 1 only once its product reaches their units. Every chunk of a phase is
   * taken by some thread before any thread takes a chunk of the next one, so waiting on an earlier
   * phase always ends. The default runs the chunks in order on the caller's thread, where there is
   * nothing to wait for.
   */
  default void pipeline(int phases, int chunks, Stage body) {
    for (int p = 0; p < phases; p++) {
      for (int c = 0; c < chunks; c++) {
        body.run(p, c, (phase, chunk) -> {});
      }
    }
  }

  /** A short name for logs and benchmarks, e.g. {@code plain}. */
  String name();
}
