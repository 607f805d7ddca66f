package org.lstmlab.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix product on the JDK Vector API: register-blocked fused multiply-adds, {@link
 * PlainMatMul}'s results to float rounding, several times faster.
 *
 * <p>Loaded only by {@link Kernels}, by reflection, when the module {@code jdk.incubator.vector} is
 * in the boot layer; nothing else may refer to this class, so that the rest of the core loads
 * without that module. It uses only Vector API methods present from JDK 17 to 25 (fromArray,
 * intoArray, their gathering form fromArray(species, array, offset, indexMap, mapOffset), broadcast,
 * zero, fma, add) and no masks, whose loads and
 * stores JDK 17 does not always compile to vector instructions.
 *
 * <h2>Algorithm</h2>
 *
 * The general path is the blocking of Goto and van de Geijn [1] as BLIS presents it [2]: a block
 * of KC rows by NC columns of op(B) is packed into panels NR = 3 vectors wide, each panel (KC, NR)
 * contiguous and zero-padded at the right edge, so that the inner kernel reads B as one stream
 * whatever the transposition and the leading dimension (a leading dimension of 1024 floats would
 * otherwise put every row of B in the same L1 sets). The micro-kernel keeps an MR × NR = 4 × 48
 * tile of C (on 16 lanes) in 12 vector registers and, per step p of the inner product, loads 3
 * vectors of B, broadcasts 4 scalars of op(A) and issues 12 fused multiply-adds. op(A) is read in
 * place through a row and a column stride, which covers both of its transpositions without
 * packing: only broadcasts read it. Tiles that overhang the right edge of C are computed into a
 * scratch tile and copied; rows that overhang the bottom use a one-row kernel.
 *
 * <p>When op(B) = B and C has few rows (M = 1..{@value #SMALL_M}, e.g. the gradient to h in the
 * recurrent step of a small batch), packing would cost as much as the product: the same
 * micro-kernels then read B in place with row stride ldb, and the last columns that do not fill a
 * panel are summed one by one (so this path is for few rows only: with I = 32 columns, all of C
 * would be summed so). Products with op(B) = Bᵀ are always packed, even for one row; packing Bᵀ
 * gathers columns of B with vector gathers.
 *
 * <p>Every element of C is summed in one order whatever the path, the shape of C and the element's
 * place in it: fused multiply-adds in order of p within each block of {@value #KC}, each block's
 * sum then added to C. So a row of C does not depend on the other rows, and a model fed one step
 * at a time, or one sequence of a batch, gives bit for bit what it gives on the whole batch. (A
 * dot-product path for few rows of A·Bᵀ, summing lanes at the end, would save packing at M = 1 but
 * break this.)
 *
 * <p>beta = 0 overwrites C in the first block of the inner dimension and never reads it, so NaN
 * garbage in C does not leak; beta = 1 accumulates; any other beta scales C first. Packing uses a
 * per-thread buffer allocated on a thread's first call, so {@link #gemm} allocates nothing after
 * that and the instance stays stateless and thread-safe. Results differ from {@link PlainMatMul}
 * only by rounding: fused multiply-adds and a different order of summation.
 *
 * <p>[1] K. Goto, R. van de Geijn, Anatomy of high-performance matrix multiplication, ACM TOMS
 * 34(3), 2008. [2] F. Van Zee, R. van de Geijn, BLIS: a framework for rapidly instantiating BLAS
 * functionality, ACM TOMS 41(3), 2015.
 */
final class VectorMatMul implements MatMul {

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  /** Lanes per vector: 16 with AVX-512, 8 with AVX2. */
  private static final int L = S.length();
  /** Rows of the register tile. */
  static final int MR = 4;
  /** Columns of the register tile and width of a packed panel: 3 vectors. */
  static final int NR = 3 * L;
  /** Depth of a packed block of op(B): one panel (KC, NR) is 48 KiB at 16 lanes, one L1. */
  static final int KC = 256;
  /** Rows of C per pass over a packed block: (MC, KC) of op(A) is 256 KiB, a quarter of L2. */
  static final int MC = 256;
  /** Columns of a packed block: (KC, NC) is 768 KiB at 16 lanes. */
  static final int NC = 16 * NR;
  /**
   * Rows of B whose stride is a multiple of this many floats (1 KiB) fall into at most 4 of the
   * 64 sets of a 48 KiB, 12-way L1 cache, and gathering from 3·L = 48 of them at once thrashes it:
   * at M = 1, N = 384, K = 1024 (ldb = 1024) a product took 464 µs with gathers, 120 µs with
   * scalar copies (the plain kernel: 170–250 µs). Such B are packed by scalar copies.
   */
  static final int GATHER_ALIAS = 256;
  /** Up to this many rows of C, B is used in place and not packed. */
  static final int SMALL_M = 8;

  /** Per-thread scratch, allocated on a thread's first product and reused by every later one. */
  private static final class Scratch {
    /** A packed (KC, NC) block of op(B), then one (MR, NR) tile. */
    final float[] buf = new float[KC * NC + MR * NR];
    /** Gather offsets of L consecutive rows of B: l·ldb. */
    final int[] rows = new int[L];
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** Refuses species too narrow to gain anything, e.g. when the JVM was limited to 64-bit vectors. */
  VectorMatMul() {
    if (L < 4) {
      throw new UnsupportedOperationException(
          "preferred float vector has " + L + " lanes; the vector kernel needs at least 4");
    }
  }

  @Override
  public String name() {
    return "vector";
  }

  @Override
  public String toString() {
    return "vector (" + S.vectorBitSize() + "-bit, " + L + " float lanes)";
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
    if (m <= 0 || n <= 0) {
      return;
    }
    if (beta != 0f && beta != 1f || k <= 0) {
      scale(m, n, beta, c, cOff, ldc);
      if (k <= 0) {
        return;
      }
      beta = 1f;
    }
    boolean overwrite = beta == 0f;
    // op(A)[i][p] = a[aOff + i * ars + p * aps]
    int ars = transA ? 1 : lda;
    int aps = transA ? lda : 1;
    if (!transB && m <= SMALL_M) {
      inPlace(m, n, k, a, aOff, ars, aps, b, bOff, ldb, overwrite, c, cOff, ldc);
    } else {
      packed(m, n, k, a, aOff, ars, aps, transB, b, bOff, ldb, overwrite, c, cOff, ldc);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // General path: pack op(B) block by block, sweep C with the register tile.

  private static void packed(
      int m,
      int n,
      int k,
      float[] a,
      int aOff,
      int ars,
      int aps,
      boolean transB,
      float[] b,
      int bOff,
      int ldb,
      boolean overwrite,
      float[] c,
      int cOff,
      int ldc) {
    Scratch scratch = SCRATCH.get();
    float[] buf = scratch.buf;
    if (transB) {
      for (int l = 0; l < L; l++) {
        scratch.rows[l] = l * ldb;
      }
    }
    int tile = KC * NC; // scratch tile (MR, NR) at the end of the buffer
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        boolean first = overwrite && pc == 0;
        pack(transB, b, bOff, ldb, pc, kc, jc, nc, buf, scratch.rows);
        for (int ic = 0; ic < m; ic += MC) {
          int mc = Math.min(MC, m - ic);
          for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int panel = jr * kc; // panels are (kc, NR), one after another
            int cj = cOff + jc + jr;
            for (int ir = 0; ir < mc; ) {
              int i = ic + ir;
              int ai = aOff + i * ars + pc * aps;
              int ci = cj + i * ldc;
              boolean rows4 = mc - ir >= MR;
              if (nr == NR) {
                if (rows4) {
                  tile4(kc, a, ai, ars, aps, buf, panel, NR, c, ci, ldc, first);
                } else {
                  tile1(kc, a, ai, aps, buf, panel, NR, c, ci, first);
                }
              } else {
                int rows = rows4 ? MR : 1;
                if (rows4) {
                  tile4(kc, a, ai, ars, aps, buf, panel, NR, buf, tile, NR, true);
                } else {
                  tile1(kc, a, ai, aps, buf, panel, NR, buf, tile, true);
                }
                addTile(rows, nr, buf, tile, c, ci, ldc, first);
              }
              ir += rows4 ? MR : 1;
            }
          }
        }
      }
    }
  }

  /**
   * Copies op(B)[pc, pc+kc) × [jc, jc+nc) into panels of NR columns: panel q holds columns [jc + q·NR,
   * jc + (q+1)·NR) as (kc, NR) row-major, starting at buf[q·NR·kc]; columns past nc are zero. For
   * op(B) = Bᵀ, rows holds the gather offsets l·ldb, l = 0..L-1.
   */
  private static void pack(
      boolean transB,
      float[] b,
      int bOff,
      int ldb,
      int pc,
      int kc,
      int jc,
      int nc,
      float[] buf,
      int[] rows) {
    for (int jr = 0; jr < nc; jr += NR) {
      int nr = Math.min(NR, nc - jr);
      int panel = jr * kc;
      if (!transB) {
        // op(B)[p][j] = B[p][j]: rows of the panel are slices of rows of B.
        for (int p = 0; p < kc; p++) {
          int dst = panel + p * NR;
          System.arraycopy(b, bOff + (pc + p) * ldb + jc + jr, buf, dst, nr);
          for (int j = nr; j < NR; j++) {
            buf[dst + j] = 0f;
          }
        }
      } else if (nr == NR && (ldb & (GATHER_ALIAS - 1)) != 0) {
        // op(B)[p][j] = B[j][p]: each row of the panel gathers one column of 3·L rows of B. The
        // transposition is all that packing costs, and at M = 1, where each element of B is used
        // once, it is most of the product; gathers do it about twice as fast as scalar copies,
        // unless the rows' stride is a multiple of GATHER_ALIAS floats (see there).
        int src = bOff + (jc + jr) * ldb + pc;
        int src1 = src + L * ldb;
        int src2 = src + 2 * L * ldb;
        for (int p = 0; p < kc; p++) {
          int dst = panel + p * NR;
          FloatVector.fromArray(S, b, src + p, rows, 0).intoArray(buf, dst);
          FloatVector.fromArray(S, b, src1 + p, rows, 0).intoArray(buf, dst + L);
          FloatVector.fromArray(S, b, src2 + p, rows, 0).intoArray(buf, dst + 2 * L);
        }
      } else {
        // A partial panel, or rows at an aliasing stride: read each row of B contiguously and
        // write it down a column of the panel.
        for (int j = 0; j < nr; j++) {
          int src = bOff + (jc + jr + j) * ldb + pc;
          for (int p = 0; p < kc; p++) {
            buf[panel + p * NR + j] = b[src + p];
          }
        }
        for (int p = 0; p < kc; p++) {
          for (int j = nr; j < NR; j++) {
            buf[panel + p * NR + j] = 0f;
          }
        }
      }
    }
  }

  /** C[0, rows) × [0, cols) (+)= the scratch tile (rows, NR). */
  private static void addTile(
      int rows, int cols, float[] t, int ti, float[] c, int ci, int ldc, boolean overwrite) {
    for (int r = 0; r < rows; r++) {
      int cr = ci + r * ldc;
      int tr = ti + r * NR;
      for (int j = 0; j < cols; j++) {
        c[cr + j] = overwrite ? t[tr + j] : c[cr + j] + t[tr + j];
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Micro-kernels. Kept small and straight so that C2 inlines every Vector API call: when it does
  // not, each call allocates a vector object and the kernel runs 30 times slower.

  /**
   * C (4, NR) (+)= op(A) (4, kc) · op(B) (kc, NR), where op(A)[r][p] = a[ai + r·ars + p·aps],
   * op(B)[p][j] = b[bi + p·bs + j] and C[r][j] = c[ci + r·cs + j].
   */
  private static void tile4(
      int kc,
      float[] a,
      int ai,
      int ars,
      int aps,
      float[] b,
      int bi,
      int bs,
      float[] c,
      int ci,
      int cs,
      boolean overwrite) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = FloatVector.zero(S);
    FloatVector c02 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S);
    FloatVector c11 = FloatVector.zero(S);
    FloatVector c12 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S);
    FloatVector c21 = FloatVector.zero(S);
    FloatVector c22 = FloatVector.zero(S);
    FloatVector c30 = FloatVector.zero(S);
    FloatVector c31 = FloatVector.zero(S);
    FloatVector c32 = FloatVector.zero(S);
    int a0 = ai;
    int a1 = ai + ars;
    int a2 = ai + 2 * ars;
    int a3 = ai + 3 * ars;
    for (int p = 0; p < kc; p++) {
      int bp = bi + p * bs;
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
      int ap = p * aps;
      FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      c02 = x.fma(b2, c02);
      x = FloatVector.broadcast(S, a[a1 + ap]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      c12 = x.fma(b2, c12);
      x = FloatVector.broadcast(S, a[a2 + ap]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      c22 = x.fma(b2, c22);
      x = FloatVector.broadcast(S, a[a3 + ap]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      c32 = x.fma(b2, c32);
    }
    store(c00, c01, c02, c, ci, overwrite);
    store(c10, c11, c12, c, ci + cs, overwrite);
    store(c20, c21, c22, c, ci + 2 * cs, overwrite);
    store(c30, c31, c32, c, ci + 3 * cs, overwrite);
  }

  /** {@link #tile4} for one row of C. */
  private static void tile1(
      int kc,
      float[] a,
      int ai,
      int aps,
      float[] b,
      int bi,
      int bs,
      float[] c,
      int ci,
      boolean overwrite) {
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = FloatVector.zero(S);
    FloatVector c2 = FloatVector.zero(S);
    for (int p = 0; p < kc; p++) {
      int bp = bi + p * bs;
      FloatVector x = FloatVector.broadcast(S, a[ai + p * aps]);
      c0 = x.fma(FloatVector.fromArray(S, b, bp), c0);
      c1 = x.fma(FloatVector.fromArray(S, b, bp + L), c1);
      c2 = x.fma(FloatVector.fromArray(S, b, bp + 2 * L), c2);
    }
    store(c0, c1, c2, c, ci, overwrite);
  }

  /** One row of a register tile: c[ci, ci + NR) (+)= (v0, v1, v2). */
  private static void store(
      FloatVector v0, FloatVector v1, FloatVector v2, float[] c, int ci, boolean overwrite) {
    if (!overwrite) {
      v0 = v0.add(FloatVector.fromArray(S, c, ci));
      v1 = v1.add(FloatVector.fromArray(S, c, ci + L));
      v2 = v2.add(FloatVector.fromArray(S, c, ci + 2 * L));
    }
    v0.intoArray(c, ci);
    v1.intoArray(c, ci + L);
    v2.intoArray(c, ci + 2 * L);
  }

  // ---------------------------------------------------------------------------------------------
  // Few rows, op(B) = B: B in place.

  private static void inPlace(
      int m,
      int n,
      int k,
      float[] a,
      int aOff,
      int ars,
      int aps,
      float[] b,
      int bOff,
      int ldb,
      boolean overwrite,
      float[] c,
      int cOff,
      int ldc) {
    int nFull = n - n % NR;
    // The same blocks of KC along p as the packed path, so that every element sums in one order.
    for (int pc = 0; pc < k; pc += KC) {
      int kc = Math.min(KC, k - pc);
      boolean first = overwrite && pc == 0;
      for (int i = 0; i < m; ) {
        int ai = aOff + i * ars + pc * aps;
        int ci = cOff + i * ldc;
        int bp = bOff + pc * ldb;
        boolean rows4 = m - i >= MR;
        for (int j = 0; j < nFull; j += NR) {
          if (rows4) {
            tile4(kc, a, ai, ars, aps, b, bp + j, ldb, c, ci + j, ldc, first);
          } else {
            tile1(kc, a, ai, aps, b, bp + j, ldb, c, ci + j, first);
          }
        }
        // The last n mod NR columns one by one, with the tile's order of operations.
        for (int r = 0, rows = rows4 ? MR : 1; r < rows; r++) {
          int air = ai + r * ars;
          int cr = ci + r * ldc;
          for (int j = nFull; j < n; j++) {
            float s = 0f;
            for (int p = 0; p < kc; p++) {
              s = Math.fma(a[air + p * aps], b[bp + p * ldb + j], s);
            }
            c[cr + j] = first ? s : c[cr + j] + s;
          }
        }
        i += rows4 ? MR : 1;
      }
    }
  }

  /** C = beta·C, with beta = 0 writing zeros whatever C held (NaN included). */
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
