package org.lstmlab.core.kernel;

import java.util.Arrays;
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
 * zero, fma, add; and {@link VectorTranspose}'s rearrange and blend by constant shuffles and masks)
 * and no masked loads or stores, which JDK 17 does not always compile to vector instructions.
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
 * <p>{@link #pack} copies all of op(B) into the panels once (panel q of NR columns as (K, NR), the
 * layout each (KC, NC) block would get), and products with that handle run the same sweep over
 * the same panels without packing: the recurrent step packs W_hhᵀ once per forward instead of T
 * times (at the notebook's step, 1×400×100, packing was most of the product).
 *
 * <p>Threads: products of at least {@value #PARALLEL_FLOPS} floating-point operations are split
 * into chunks shared by P = {@link #threads()} threads of a {@link WorkerPool} (persistent daemon
 * threads helping the caller, each claiming the next chunk): up to 3·P chunks of whole NR-column
 * panels when C has at least P panels, else up to 2·P chunks of whole MR-row groups (products over
 * pre-packed panels, which pack nothing per chunk, by a grid of both: see {@link #grid}). Each chunk is
 * computed by the same routine with the same order of summation per element, so results are bit
 * for bit the same whatever thread computes which chunk, and for every thread count. Below the threshold (the notebook's products: 80 kFLOP), handing work to another
 * core costs more than it saves; a recurrent layer's small steps are split by units instead
 * ({@link #phases}).
 *
 * <p>beta = 0 overwrites C in the first block of the inner dimension and never reads it, so NaN
 * garbage in C does not leak; beta = 1 accumulates; any other beta scales C first. Packing uses a
 * per-thread buffer allocated on a thread's first call, so {@link #gemm} allocates nothing after
 * that. Not stateless: besides its thread count the instance holds a {@link WorkerPool}, created
 * on the first product large enough to split, and one reusable job description for it. One caller
 * at a time holds the pool; a concurrent (or nested) caller computes its product alone on its own
 * thread, with the same bits, and the job is cleared after each product: thread-safe, and nothing
 * of one call outlives it. Results differ from {@link PlainMatMul}
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

  /**
   * Columns past the last whole panel up to which a product with op(A) = Aᵀ sums them down the
   * rows (see fourColumns and column) rather than in a panel of their own, which costs about as
   * much as L columns: the 4 of N = 100 in the weight gradient dGᵀ·h of the notebook's LSTM
   * (400×100×10) took 3.3–4.1 µs in a panel, 1.3 µs as columns (AMD Zen 5, 16 lanes).
   */
  static final int COLUMN_TAIL = L / 2;

  /** Per-thread scratch, allocated on a thread's first product and reused by every later one. */
  private static final class Scratch {
    /** A packed (KC, NC) block of op(B), then one (MR, NR) tile. */
    final float[] buf = new float[KC * NC + MR * NR];
    /** Gather offsets of L consecutive rows of B: l·ldb. */
    final int[] rows = new int[L];
    /** A 16 × 16 block halfway through its transposition (VectorTranspose). */
    final float[] square = new float[256];
    /** An (MC, KC) block of op(A) = Aᵀ, transposed into rows (see packA); on first use. */
    float[] rowsOfA;
    /** A product's sums halfway through their terms (the gemm with a split); on first use. */
    float[] sums;
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
  public void threads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.threads = threads;
  }

  @Override
  public int threads() {
    return threads;
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
    product(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, null, beta, c, cOff, ldc);
  }

  @Override
  public void parallel(int n, int grain, Range body) {
    int parts = threads;
    int chunks = Math.min(parts, n / Math.max(1, grain));
    if (chunks >= 2) {
      WorkerPool pool = pool();
      if (!pool.isHeldByCurrentThread() && pool.tryAcquire()) { // else run alone, as products do
        try {
          RangeJob job = rangeJob();
          job.body = body;
          job.n = n;
          try {
            pool.run(job, chunks, parts);
          } finally {
            job.body = null;
          }
          return;
        } finally {
          pool.release();
        }
      }
    }
    if (n > 0) {
      body.run(0, n);
    }
  }

  @Override
  public void phases(int phases, int chunks, Phase body) {
    if (!pooled(phases, chunks, body, null)) {
      MatMul.super.phases(phases, chunks, body);
    }
  }

  @Override
  public void pipeline(int phases, int chunks, Stage body) {
    if (!pooled(phases, chunks, null, body)) {
      MatMul.super.pipeline(phases, chunks, body);
    }
  }

  /**
   * Runs the phases of {@code body} (the threads meeting between phases) or of {@code stage} (a
   * pipeline) on the pool and returns true; or false, having run nothing, when there is nothing to
   * split or the pool is taken (by this thread's own task or another thread's): the caller then
   * runs them alone, with the same results, as products do.
   */
  private boolean pooled(int phases, int chunks, Phase body, Stage stage) {
    if (threads < 2 || chunks < 2 || phases < 1) {
      return false;
    }
    WorkerPool pool = pool();
    if (pool.isHeldByCurrentThread() || !pool.tryAcquire()) {
      return false;
    }
    try {
      PhaseJob job = phaseJob();
      job.body = body;
      job.stage = stage;
      job.perPhase = chunks;
      try {
        pool.runPhases(job, Math.multiplyExact(phases, chunks), chunks,
            Math.min(threads, chunks), stage == null);
      } finally {
        job.body = null;
        job.stage = null;
      }
      return true;
    } finally {
      pool.release();
    }
  }

  /** Chunk i of the pool's task is chunk i mod C of phase i / C. */
  private static final class PhaseJob implements WorkerPool.Task, Wait {
    Phase body;
    Stage stage; // instead of body, in a pipeline
    int perPhase;
    final WorkerPool pool;

    PhaseJob(WorkerPool pool) {
      this.pool = pool;
    }

    @Override
    public void run(int chunk, int chunks) {
      if (stage != null) {
        stage.run(chunk / perPhase, chunk % perPhase, this);
      } else {
        body.run(chunk / perPhase, chunk % perPhase);
      }
    }

    @Override
    public void until(int phase, int chunk) {
      pool.awaitChunk(phase * perPhase + chunk);
    }
  }

  private PhaseJob phaseJob;

  private synchronized PhaseJob phaseJob() {
    if (phaseJob == null) {
      phaseJob = new PhaseJob(pool());
    }
    return phaseJob;
  }

  /** Chunk c of C covers items [c·n/C, (c+1)·n/C). */
  private static final class RangeJob implements WorkerPool.Task {
    Range body;
    int n;

    @Override
    public void run(int chunk, int chunks) {
      int from = (int) ((long) chunk * n / chunks);
      int to = (int) ((long) (chunk + 1) * n / chunks);
      if (from < to) {
        body.run(from, to);
      }
    }
  }

  private RangeJob rangeJob;

  private synchronized RangeJob rangeJob() {
    if (rangeJob == null) {
      rangeJob = new RangeJob();
    }
    return rangeJob;
  }

  /**
   * Packs all of op(B) once, as the general path packs it block by block: panel q (columns [q·NR,
   * (q+1)·NR), zero-padded) is (K, NR) row-major at panels[q·NR·K], so the block (pc, kc) of a panel
   * starts at q·NR·K + pc·NR with row stride NR.
   */
  @Override
  public PackedMatrix pack(
      boolean transB, int k, int n, float[] b, int bOff, int ldb, PackedMatrix reuse) {
    PackedMatrix p = MatMul.super.pack(transB, k, n, b, bOff, ldb, reuse);
    long panelsSize = (long) (n + NR - 1) / NR * NR * k;
    long size = panelsSize + (hasTail(n) ? (long) k * L : 0);
    if (size > Integer.MAX_VALUE - 8) {
      return p; // too large to copy: products read B as gemm does
    }
    if (p.panels == null || p.panels.length < size) {
      p.panels = new float[(int) size];
    }
    if (k > 0 && n > 0) {
      Scratch scratch = SCRATCH.get();
      for (int l = 0; l < L; l++) {
        scratch.rows[l] = l * ldb;
      }
      pack(transB, b, bOff, ldb, 0, k, 0, n, p.panels, scratch.rows);
      if (hasTail(n)) { // the last panel's one vector again, rows L apart, after the panels
        int last = (int) panelsSize - NR * k;
        for (int q = 0; q < k; q++) {
          System.arraycopy(p.panels, last + q * NR, p.panels, (int) panelsSize + q * L, L);
        }
      }
    }
    p.packer = this;
    return p;
  }

  /**
   * Whether all of op(B) packed with N columns ends with a panel of at most one vector, which
   * pack then copies again after the panels, its rows L apart: {@link #rows} reads that vector
   * there (down the panel, rows NR apart, each row of one vector is a cache line of its own, and
   * a 1 × 208 × 100 product took 0.50 µs against 0.42 with the copy; a kernel harness, AMD Zen 5).
   */
  private static boolean hasTail(int n) {
    return n % NR != 0 && n % NR <= L;
  }

  /** Keeps only the reference when op(B) = B and the products have few rows: see inPlace. */
  @Override
  public PackedMatrix pack(boolean transB, int rows, int k, int n, float[] b, int bOff, int ldb,
      PackedMatrix reuse) {
    if (!transB && rows <= SMALL_M) {
      return MatMul.super.pack(false, k, n, b, bOff, ldb, reuse);
    }
    return pack(transB, k, n, b, bOff, ldb, reuse);
  }

  @Override
  public void gemm(
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
    float[] panels = b.packer == this ? b.panels : null;
    if (panels != null && !transA && m > 0 && m < MR && b.k > 0 && b.k <= KC && b.n > 0
        && (beta == 0f || beta == 1f)
        && (threads == 1 || 2.0 * m * b.n * b.k < PARALLEL_FLOPS)) {
      rows(m, a, aOff, lda, b, 0, null, beta == 0f, c, cOff, ldc);
      return;
    }
    product(
        transA, b.transB, m, b.n, b.k, a, aOff, lda, b.b, b.bOff, b.ldb, panels, beta, c, cOff,
        ldc);
  }

  /**
   * Rows of A one by one, as sweep computes few rows from packed panels: each element sums its
   * terms in order from zero into the scratch sums, those below {@code split} for every row, then,
   * after {@code before}, the rest, and is then added to C, as sweep adds a sum to C. Products this
   * does not cover (op(B) not packed here, four rows or more, K past one block) run {@code before}
   * first and then whole.
   */
  @Override
  public void gemm(int m, float[] a, int aOff, int lda, PackedMatrix b, int split,
      Runnable before, float[] c, int cOff, int ldc) {
    if (b.packer != this || m <= 0 || m >= MR || b.n <= 0 || b.k > KC || split <= 0
        || split >= b.k) {
      before.run();
      gemm(false, m, a, aOff, lda, b, 1f, c, cOff, ldc);
      return;
    }
    rows(m, a, aOff, lda, b, split, before, false, c, cOff, ldc);
  }

  /**
   * C (m, N) (+)= A (m, K) · the packed op(B), m &lt; MR, K ≤ KC, row by row as sweep computes
   * few rows: each element sums its terms in order from zero, then is added to C (overwrite: is
   * stored), the same bits. Where {@code before} is given, every row first sums its terms below
   * {@code split} into the scratch sums, then {@code before} runs, then each row sums the rest.
   *
   * <p>The groups of panels (see rowSums) are read in one order at one call and in the other at
   * the next (B.backward): a packed W_hhᵀ of the notebook's step (1 × 400 × 100, 160 KB) does not
   * fit L1 (48 KB), and read in one order every step, each group has left L1 by the time it is
   * read again; in alternate orders the group read last by one step, still in L1, is read first
   * by the next. The order of the groups changes no element's sum. One thread, one JVM
   * alternating builds, AMD Zen 5: 1 × 400 × 100 1.33 µs by sweep, 1.16 by pairs of panels in
   * alternate orders, 0.98 by fours with the last vector's copy (see hasTail); 1 × 208 × 100
   * 0.69, 0.62 and 0.52 µs; 1 × 192 × 100 0.60, 0.53 and 0.47 µs.
   */
  private void rows(int m, float[] a, int aOff, int lda, PackedMatrix b, int split,
      Runnable before, boolean overwrite, float[] c, int cOff, int ldc) {
    int k = b.k;
    int n = b.n;
    boolean backward = b.backward;
    b.backward = !backward; // a race between threads sharing b only changes an order
    Scratch scratch = SCRATCH.get();
    int width = (n + NR - 1) / NR * NR;
    if (scratch.sums == null || scratch.sums.length < m * width) {
      scratch.sums = new float[m * width];
    }
    float[] sums = scratch.sums;
    int from = 0;
    if (before != null) {
      for (int i = 0; i < m; i++) {
        rowSums(0, split, a, aOff + i * lda, b.panels, k, n, sums, i * width, true, backward);
      }
      before.run();
      from = split;
      backward = !backward; // the second terms start where the first ended
    }
    for (int i = 0; i < m; i++) {
      rowSums(from, k, a, aOff + i * lda, b.panels, k, n, sums, i * width, from == 0, backward);
      int ci = cOff + i * ldc;
      int si = i * width;
      int j = 0;
      if (overwrite) {
        System.arraycopy(sums, si, c, ci, n);
        continue;
      }
      for (; j + L <= n; j += L) {
        FloatVector.fromArray(S, sums, si + j).add(FloatVector.fromArray(S, c, ci + j))
            .intoArray(c, ci + j);
      }
      for (; j < n; j++) {
        c[ci + j] = sums[si + j] + c[ci + j];
      }
    }
  }

  /**
   * Terms [p0, p1) of one row of A (at a[ai], consecutive) times the panels of a packed op(B) (K,
   * N), added to t[ti + j] for column j (zero: into sums from zero), in groups: panels by four
   * (twelve sums, four streams of B), then by two, then alone; a last vector of columns (read from
   * its copy, see hasTail) joins the group before it, as a thirteenth or seventh sum (its sum
   * would otherwise wait on each of its fused multiply-adds); the groups from the first or
   * (backward) from the last.
   */
  private static void rowSums(int p0, int p1, float[] a, int ai, float[] panels, int k, int n,
      float[] t, int ti, boolean zero, boolean backward) {
    int tail = (n + NR - 1) / NR * NR * k; // the last vector's copy, when hasTail(n)
    int quads = n / (4 * NR);
    int rest = n - quads * 4 * NR;
    boolean quadPlus = quads > 0 && rest > 0 && rest <= L;
    int pairs = 0;
    boolean pairPlus = false;
    if (!quadPlus && rest >= 2 * NR) {
      pairs = 1;
      rest -= 2 * NR;
      pairPlus = rest > 0 && rest <= L;
    }
    int singles = quadPlus || pairPlus ? 0 : (rest + NR - 1) / NR;
    int groups = quads + pairs + singles;
    for (int g = 0; g < groups; g++) {
      int group = backward ? groups - 1 - g : g;
      if (group < quads) {
        int bi = group * 4 * NR * k;
        if (quadPlus && group == quads - 1) {
          sums13(p0, p1, a, ai, panels, bi, NR * k, tail, t, ti + group * 4 * NR, zero);
        } else {
          sums12(p0, p1, a, ai, panels, bi, NR * k, t, ti + group * 4 * NR, zero);
        }
        continue;
      }
      int jr = quads * 4 * NR;
      int bi = jr * k;
      if (group < quads + pairs) {
        if (pairPlus) {
          sums7(p0, p1, a, ai, panels, bi, bi + NR * k, tail, t, ti + jr, zero);
        } else {
          sums6(p0, p1, a, ai, panels, bi, bi + NR * k, t, ti + jr, zero);
        }
        continue;
      }
      jr += pairs * 2 * NR + (group - quads - pairs) * NR;
      if (n - jr <= L) {
        sums1(p0, p1, a, ai, panels, tail, t, ti + jr, zero);
      } else {
        sums3(p0, p1, a, ai, panels, jr * k, t, ti + jr, zero);
      }
    }
  }

  /**
   * {@link #rowSums} over the four panels at b[bi + q·step], q = 0..3: t[ti, ti + 4·NR).
   */
  private static void sums12(int p0, int p1, float[] a, int ai, float[] b, int bi, int step,
      float[] t, int ti, boolean zero) {
    FloatVector c0 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti);
    FloatVector c1 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + L);
    FloatVector c2 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 2 * L);
    FloatVector c3 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 3 * L);
    FloatVector c4 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 4 * L);
    FloatVector c5 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 5 * L);
    FloatVector c6 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 6 * L);
    FloatVector c7 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 7 * L);
    FloatVector c8 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 8 * L);
    FloatVector c9 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 9 * L);
    FloatVector c10 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 10 * L);
    FloatVector c11 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 11 * L);
    for (int p = p0; p < p1; p++) {
      int b0 = bi + p * NR;
      int b1 = b0 + step;
      int b2 = b1 + step;
      int b3 = b2 + step;
      FloatVector x = FloatVector.broadcast(S, a[ai + p]);
      c0 = x.fma(FloatVector.fromArray(S, b, b0), c0);
      c1 = x.fma(FloatVector.fromArray(S, b, b0 + L), c1);
      c2 = x.fma(FloatVector.fromArray(S, b, b0 + 2 * L), c2);
      c3 = x.fma(FloatVector.fromArray(S, b, b1), c3);
      c4 = x.fma(FloatVector.fromArray(S, b, b1 + L), c4);
      c5 = x.fma(FloatVector.fromArray(S, b, b1 + 2 * L), c5);
      c6 = x.fma(FloatVector.fromArray(S, b, b2), c6);
      c7 = x.fma(FloatVector.fromArray(S, b, b2 + L), c7);
      c8 = x.fma(FloatVector.fromArray(S, b, b2 + 2 * L), c8);
      c9 = x.fma(FloatVector.fromArray(S, b, b3), c9);
      c10 = x.fma(FloatVector.fromArray(S, b, b3 + L), c10);
      c11 = x.fma(FloatVector.fromArray(S, b, b3 + 2 * L), c11);
    }
    c0.intoArray(t, ti);
    c1.intoArray(t, ti + L);
    c2.intoArray(t, ti + 2 * L);
    c3.intoArray(t, ti + 3 * L);
    c4.intoArray(t, ti + 4 * L);
    c5.intoArray(t, ti + 5 * L);
    c6.intoArray(t, ti + 6 * L);
    c7.intoArray(t, ti + 7 * L);
    c8.intoArray(t, ti + 8 * L);
    c9.intoArray(t, ti + 9 * L);
    c10.intoArray(t, ti + 10 * L);
    c11.intoArray(t, ti + 11 * L);
  }

  /**
   * {@link #sums12} plus the vector of columns after the four panels, rows L apart at b[bk]:
   * t[ti, ti + 4·NR + L).
   */
  private static void sums13(int p0, int p1, float[] a, int ai, float[] b, int bi, int step,
      int bk, float[] t, int ti, boolean zero) {
    FloatVector c0 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti);
    FloatVector c1 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + L);
    FloatVector c2 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 2 * L);
    FloatVector c3 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 3 * L);
    FloatVector c4 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 4 * L);
    FloatVector c5 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 5 * L);
    FloatVector c6 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 6 * L);
    FloatVector c7 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 7 * L);
    FloatVector c8 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 8 * L);
    FloatVector c9 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 9 * L);
    FloatVector c10 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 10 * L);
    FloatVector c11 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 11 * L);
    FloatVector c12 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 12 * L);
    for (int p = p0; p < p1; p++) {
      int b0 = bi + p * NR;
      int b1 = b0 + step;
      int b2 = b1 + step;
      int b3 = b2 + step;
      FloatVector x = FloatVector.broadcast(S, a[ai + p]);
      c0 = x.fma(FloatVector.fromArray(S, b, b0), c0);
      c1 = x.fma(FloatVector.fromArray(S, b, b0 + L), c1);
      c2 = x.fma(FloatVector.fromArray(S, b, b0 + 2 * L), c2);
      c3 = x.fma(FloatVector.fromArray(S, b, b1), c3);
      c4 = x.fma(FloatVector.fromArray(S, b, b1 + L), c4);
      c5 = x.fma(FloatVector.fromArray(S, b, b1 + 2 * L), c5);
      c6 = x.fma(FloatVector.fromArray(S, b, b2), c6);
      c7 = x.fma(FloatVector.fromArray(S, b, b2 + L), c7);
      c8 = x.fma(FloatVector.fromArray(S, b, b2 + 2 * L), c8);
      c9 = x.fma(FloatVector.fromArray(S, b, b3), c9);
      c10 = x.fma(FloatVector.fromArray(S, b, b3 + L), c10);
      c11 = x.fma(FloatVector.fromArray(S, b, b3 + 2 * L), c11);
      c12 = x.fma(FloatVector.fromArray(S, b, bk + p * L), c12);
    }
    c0.intoArray(t, ti);
    c1.intoArray(t, ti + L);
    c2.intoArray(t, ti + 2 * L);
    c3.intoArray(t, ti + 3 * L);
    c4.intoArray(t, ti + 4 * L);
    c5.intoArray(t, ti + 5 * L);
    c6.intoArray(t, ti + 6 * L);
    c7.intoArray(t, ti + 7 * L);
    c8.intoArray(t, ti + 8 * L);
    c9.intoArray(t, ti + 9 * L);
    c10.intoArray(t, ti + 10 * L);
    c11.intoArray(t, ti + 11 * L);
    c12.intoArray(t, ti + 12 * L);
  }

  /** {@link #rowSums} over the panels at b[bi] and b[bj]: t[ti, ti + 2·NR). */
  private static void sums6(int p0, int p1, float[] a, int ai, float[] b, int bi, int bj,
      float[] t, int ti, boolean zero) {
    FloatVector c0 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti);
    FloatVector c1 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + L);
    FloatVector c2 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 2 * L);
    FloatVector c3 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 3 * L);
    FloatVector c4 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 4 * L);
    FloatVector c5 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 5 * L);
    for (int p = p0; p < p1; p++) {
      int bp = bi + p * NR;
      int bq = bj + p * NR;
      FloatVector x = FloatVector.broadcast(S, a[ai + p]);
      c0 = x.fma(FloatVector.fromArray(S, b, bp), c0);
      c1 = x.fma(FloatVector.fromArray(S, b, bp + L), c1);
      c2 = x.fma(FloatVector.fromArray(S, b, bp + 2 * L), c2);
      c3 = x.fma(FloatVector.fromArray(S, b, bq), c3);
      c4 = x.fma(FloatVector.fromArray(S, b, bq + L), c4);
      c5 = x.fma(FloatVector.fromArray(S, b, bq + 2 * L), c5);
    }
    c0.intoArray(t, ti);
    c1.intoArray(t, ti + L);
    c2.intoArray(t, ti + 2 * L);
    c3.intoArray(t, ti + 3 * L);
    c4.intoArray(t, ti + 4 * L);
    c5.intoArray(t, ti + 5 * L);
  }

  /**
   * {@link #sums6} plus the vector of columns after the two panels, rows L apart at b[bk]: t[ti,
   * ti + 2·NR + L). A kernel of its own, as tile1x2v beside tile1x2: the seventh sum as a
   * condition inside sums6's loop, or as a pass of its own (one sum waiting on each of its fused
   * multiply-adds), would cost every step.
   */
  private static void sums7(int p0, int p1, float[] a, int ai, float[] b, int bi, int bj,
      int bk, float[] t, int ti, boolean zero) {
    FloatVector c0 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti);
    FloatVector c1 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + L);
    FloatVector c2 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 2 * L);
    FloatVector c3 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 3 * L);
    FloatVector c4 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 4 * L);
    FloatVector c5 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 5 * L);
    FloatVector c6 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 6 * L);
    for (int p = p0; p < p1; p++) {
      int bp = bi + p * NR;
      int bq = bj + p * NR;
      FloatVector x = FloatVector.broadcast(S, a[ai + p]);
      c0 = x.fma(FloatVector.fromArray(S, b, bp), c0);
      c1 = x.fma(FloatVector.fromArray(S, b, bp + L), c1);
      c2 = x.fma(FloatVector.fromArray(S, b, bp + 2 * L), c2);
      c3 = x.fma(FloatVector.fromArray(S, b, bq), c3);
      c4 = x.fma(FloatVector.fromArray(S, b, bq + L), c4);
      c5 = x.fma(FloatVector.fromArray(S, b, bq + 2 * L), c5);
      c6 = x.fma(FloatVector.fromArray(S, b, bk + p * L), c6);
    }
    c0.intoArray(t, ti);
    c1.intoArray(t, ti + L);
    c2.intoArray(t, ti + 2 * L);
    c3.intoArray(t, ti + 3 * L);
    c4.intoArray(t, ti + 4 * L);
    c5.intoArray(t, ti + 5 * L);
    c6.intoArray(t, ti + 6 * L);
  }

  /** {@link #rowSums} over the one panel at b[bi]: t[ti, ti + NR). */
  private static void sums3(int p0, int p1, float[] a, int ai, float[] b, int bi, float[] t,
      int ti, boolean zero) {
    FloatVector c0 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti);
    FloatVector c1 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + L);
    FloatVector c2 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti + 2 * L);
    for (int p = p0; p < p1; p++) {
      int bp = bi + p * NR;
      FloatVector x = FloatVector.broadcast(S, a[ai + p]);
      c0 = x.fma(FloatVector.fromArray(S, b, bp), c0);
      c1 = x.fma(FloatVector.fromArray(S, b, bp + L), c1);
      c2 = x.fma(FloatVector.fromArray(S, b, bp + 2 * L), c2);
    }
    c0.intoArray(t, ti);
    c1.intoArray(t, ti + L);
    c2.intoArray(t, ti + 2 * L);
  }

  /** {@link #rowSums} over the one vector of columns at b[bi], rows L apart: t[ti, ti + L). */
  private static void sums1(int p0, int p1, float[] a, int ai, float[] b, int bi, float[] t,
      int ti, boolean zero) {
    FloatVector c0 = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, t, ti);
    for (int p = p0; p < p1; p++) {
      c0 = FloatVector.broadcast(S, a[ai + p]).fma(FloatVector.fromArray(S, b, bi + p * L), c0);
    }
    c0.intoArray(t, ti);
  }

  private void product(
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
      float[] panels,
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
    int parts = threads;
    if (parts > 1 && 2.0 * m * n * k >= PARALLEL_FLOPS) {
      int panelCount = (n + NR - 1) / NR;
      int rowGroups = (m + MR - 1) / MR;
      int grid = panels != null
          ? memoGrid(rowGroups, panelCount, parts)
          : transposesA(ars, aps, k, n) && rowGroups >= 2 * parts
              ? Math.min(rowGroups / 2, 2 * parts) << 16 | 1 // each chunk transposes its rows
              : split(rowGroups, panelCount, parts);
      if (grid != 0) {
        WorkerPool pool = pool();
        // else another thread is using the pool (or this one, in a parallel range): work alone
        if (!pool.isHeldByCurrentThread() && pool.tryAcquire()) {
          try {
            Job job = job();
            job.set(grid >>> 16, grid & 0xFFFF, m, n, k, a, aOff, ars, aps, transB, b, bOff, ldb,
                panels, overwrite, c, cOff, ldc);
            try {
              pool.run(job, (grid >>> 16) * (grid & 0xFFFF), parts);
            } finally {
              job.clear();
            }
            return;
          } finally {
            pool.release();
          }
        }
      }
    }
    range(0, m, 0, n, k, a, aOff, ars, aps, transB, b, bOff, ldb, panels, overwrite, c, cOff, ldc);
  }

  /**
   * The block of C rows [i0, i1) × columns [j0, j1), j0 a multiple of NR: by the packed panels if
   * given, else in place for few rows of op(B) = B, else by packing. Every path sums each element
   * in the one order of the class comment, so blocks can be computed in any order, on any thread.
   */
  private static void range(
      int i0,
      int i1,
      int j0,
      int j1,
      int k,
      float[] a,
      int aOff,
      int ars,
      int aps,
      boolean transB,
      float[] b,
      int bOff,
      int ldb,
      float[] panels,
      boolean overwrite,
      float[] c,
      int cOff,
      int ldc) {
    if (k == 1 && panels == null && (!transB || ldb == 1)) {
      outer(i0, i1, j0, j1, a, aOff, ars, b, bOff, overwrite, c, cOff, ldc);
      return;
    }
    if (i1 - i0 == 1 && j1 - j0 == 1 && ars != 1) {
      // One element (a Dense head's one output for one row): a column whose one row lies at
      // aOff + i0·ars, addressed as column addresses it.
      column(i0, i1, j0, k, a, aOff + i0 * ars - i0, aps, transB, b, bOff, ldb, panels, overwrite,
          c, cOff, ldc);
      return;
    }
    int tail = (j1 - j0) % NR;
    if (ars == 1 && tail > 0 && tail <= COLUMN_TAIL) {
      // A few columns past the last whole panel, as columns (see column), four at a time.
      int j = j1 - tail;
      for (; j + 4 <= j1; j += 4) {
        fourColumns(i0, i1, j, k, a, aOff, aps, transB, b, bOff, ldb, panels, overwrite, c, cOff,
            ldc);
      }
      for (; j < j1; j++) {
        column(i0, i1, j, k, a, aOff, aps, transB, b, bOff, ldb, panels, overwrite, c, cOff, ldc);
      }
      j1 -= tail;
      if (j1 == j0) {
        return;
      }
    }
    if (panels != null) {
      float[] scratch = SCRATCH.get().buf;
      for (int jc = j0; jc < j1; jc += NC) {
        int nc = Math.min(NC, j1 - jc);
        for (int pc = 0; pc < k; pc += KC) {
          int kc = Math.min(KC, k - pc);
          sweep(i0, i1, jc, nc, pc, kc, a, aOff, ars, aps, panels, jc * k + pc * NR, k,
              overwrite && pc == 0, c, cOff, ldc, scratch);
        }
      }
    } else if (!transB && i1 - i0 <= SMALL_M) {
      inPlace(i0, i1, j0, j1, k, a, aOff, ars, aps, b, bOff, ldb, overwrite, c, cOff, ldc);
    } else {
      packed(i0, i1, j0, j1, k, a, aOff, ars, aps, transB, b, bOff, ldb, overwrite, c, cOff, ldc);
    }
  }

  /**
   * The block of C rows [i0, i1) × columns [j0, j1) when K = 1 and op(B)'s one row lies in place,
   * b[bOff + j] (a layer's input projection at I = 1, x·W_ihᵀ): an outer product, with no packing
   * and no tile. As in every path, each element is the fused multiply-add a·b + 0, then added to
   * C.
   */
  private static void outer(int i0, int i1, int j0, int j1, float[] a, int aOff, int ars,
      float[] b, int bOff, boolean overwrite, float[] c, int cOff, int ldc) {
    FloatVector zero = FloatVector.zero(S);
    for (int i = i0; i < i1; i++) {
      float ai = a[aOff + i * ars];
      FloatVector x = FloatVector.broadcast(S, ai);
      int ci = cOff + i * ldc;
      int j = j0;
      for (; j + L <= j1; j += L) {
        FloatVector v = x.fma(FloatVector.fromArray(S, b, bOff + j), zero);
        if (!overwrite) {
          v = v.add(FloatVector.fromArray(S, c, ci + j));
        }
        v.intoArray(c, ci + j);
      }
      for (; j < j1; j++) {
        float v = Math.fma(ai, b[bOff + j], 0f);
        c[ci + j] = overwrite ? v : c[ci + j] + v;
      }
    }
  }

  /**
   * The block of one column j of C, rows [i0, i1), when the rows of op(A) lie side by side (ars =
   * 1: op(A) = Aᵀ, as in a weight gradient dGᵀ·x with one input feature): vectors run down the
   * column, 16 rows at once, each lane the one-by-one sum of its row, where the tiles would run a
   * whole vector of B's columns for one of them. Each element sums as in every other path: fused
   * multiply-adds in order of p from zero within each block of KC, then added to C.
   */
  private static void column(
      int i0,
      int i1,
      int j,
      int k,
      float[] a,
      int aOff,
      int aps,
      boolean transB,
      float[] b,
      int bOff,
      int ldb,
      float[] panels,
      boolean overwrite,
      float[] c,
      int cOff,
      int ldc) {
    float[] x = SCRATCH.get().buf; // op(B)[pc, pc + kc) of column j
    for (int pc = 0; pc < k; pc += KC) {
      int kc = Math.min(KC, k - pc);
      boolean first = overwrite && pc == 0;
      for (int p = 0; p < kc; p++) {
        x[p] = opB(panels, transB, b, bOff, ldb, k, pc + p, j);
      }
      int i = i0;
      for (; i + 4 * L <= i1; i += 4 * L) {
        column4(kc, a, aOff + i + pc * aps, aps, x, c, cOff + i * ldc + j, ldc, first, x, KC);
      }
      for (; i + L <= i1; i += L) {
        column1(kc, a, aOff + i + pc * aps, aps, x, c, cOff + i * ldc + j, ldc, first, x, KC);
      }
      for (; i < i1; i++) {
        int ai = aOff + i + pc * aps;
        float sum = 0f;
        for (int p = 0; p < kc; p++) {
          sum = Math.fma(a[ai + p * aps], x[p], sum);
        }
        int ci = cOff + i * ldc + j;
        c[ci] = first ? sum : c[ci] + sum;
      }
    }
  }

  /**
   * {@link #column} for the four columns [j, j + 4) at once: each pass over p loads L rows of
   * op(A) once for four sums, one per column, which run side by side instead of one after the
   * other (the 4 columns of N = 100 past the panels of a weight gradient dGᵀ·h, 52 × 100 × 10 in
   * four gates: 1.8 µs column by column, 0.9–1.2 four at a time, AMD Zen 4). Each element sums as
   * column sums it.
   */
  private static void fourColumns(int i0, int i1, int j, int k, float[] a, int aOff, int aps,
      boolean transB, float[] b, int bOff, int ldb, float[] panels, boolean overwrite, float[] c,
      int cOff, int ldc) {
    float[] x = SCRATCH.get().buf; // column j + q of op(B)[pc, pc + kc) at x[q·KC], then a tile
    final int t = 4 * KC; // the tile of sums, (4, L): column q at t + q·L
    for (int pc = 0; pc < k; pc += KC) {
      int kc = Math.min(KC, k - pc);
      boolean first = overwrite && pc == 0;
      for (int q = 0; q < 4; q++) {
        int jq = j + q;
        for (int p = 0; p < kc; p++) {
          x[q * KC + p] = opB(panels, transB, b, bOff, ldb, k, pc + p, jq);
        }
      }
      int i = i0;
      for (; i + L <= i1; i += L) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        FloatVector c2 = FloatVector.zero(S);
        FloatVector c3 = FloatVector.zero(S);
        int ai = aOff + i + pc * aps;
        for (int p = 0; p < kc; p++) {
          FloatVector v = FloatVector.fromArray(S, a, ai + p * aps);
          c0 = v.fma(FloatVector.broadcast(S, x[p]), c0);
          c1 = v.fma(FloatVector.broadcast(S, x[KC + p]), c1);
          c2 = v.fma(FloatVector.broadcast(S, x[2 * KC + p]), c2);
          c3 = v.fma(FloatVector.broadcast(S, x[3 * KC + p]), c3);
        }
        c0.intoArray(x, t);
        c1.intoArray(x, t + L);
        c2.intoArray(x, t + 2 * L);
        c3.intoArray(x, t + 3 * L);
        for (int r = 0; r < L; r++) {
          int ci = cOff + (i + r) * ldc + j;
          for (int q = 0; q < 4; q++) {
            float v = x[t + q * L + r];
            c[ci + q] = first ? v : c[ci + q] + v;
          }
        }
      }
      for (; i < i1; i++) {
        fourSums(kc, a, aOff + i + pc * aps, aps, x, 0, 1, KC, c, cOff + i * ldc + j, first);
      }
    }
  }

  /** op(B)[r][j], from the packed panels if given (K rows), else from B in place. */
  private static float opB(float[] panels, boolean transB, float[] b, int bOff, int ldb, int k,
      int r, int j) {
    return panels != null ? panels[(j - j % NR) * k + r * NR + j % NR]
        : transB ? b[bOff + j * ldb + r] : b[bOff + r * ldb + j];
  }

  /** L rows of {@link #column}: see column4. */
  private static void column1(int kc, float[] a, int ai, int aps, float[] x, float[] c, int ci,
      int ldc, boolean first, float[] t, int ti) {
    FloatVector c0 = FloatVector.zero(S);
    for (int p = 0; p < kc; p++) {
      c0 = FloatVector.fromArray(S, a, ai + p * aps).fma(FloatVector.broadcast(S, x[p]), c0);
    }
    if (ldc == 1) {
      c0 = first ? c0 : c0.add(FloatVector.fromArray(S, c, ci));
      c0.intoArray(c, ci);
    } else {
      c0.intoArray(t, ti);
      addStrided(L, t, ti, c, ci, ldc, first);
    }
  }

  /** c[ci + r·ldc] (+)= t[ti + r] for r &lt; n: a column's sums, from the scratch, into C. */
  private static void addStrided(int n, float[] t, int ti, float[] c, int ci, int ldc,
      boolean first) {
    for (int r = 0; r < n; r++) {
      int cr = ci + r * ldc;
      c[cr] = first ? t[ti + r] : c[cr] + t[ti + r];
    }
  }

  /**
   * 4·L rows of {@link #column}: c[ci + r·ldc] (+)= Σ_p a[ai + r + p·aps]·x[p], r &lt; 4·L; t[ti..]
   * holds the sums on their way to a strided column.
   */
  private static void column4(int kc, float[] a, int ai, int aps, float[] x, float[] c, int ci,
      int ldc, boolean first, float[] t, int ti) {
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = FloatVector.zero(S);
    FloatVector c2 = FloatVector.zero(S);
    FloatVector c3 = FloatVector.zero(S);
    for (int p = 0; p < kc; p++) {
      int ap = ai + p * aps;
      FloatVector xp = FloatVector.broadcast(S, x[p]);
      c0 = FloatVector.fromArray(S, a, ap).fma(xp, c0);
      c1 = FloatVector.fromArray(S, a, ap + L).fma(xp, c1);
      c2 = FloatVector.fromArray(S, a, ap + 2 * L).fma(xp, c2);
      c3 = FloatVector.fromArray(S, a, ap + 3 * L).fma(xp, c3);
    }
    if (ldc == 1) {
      store(c0, c1, c2, c, ci, first);
      c3 = first ? c3 : c3.add(FloatVector.fromArray(S, c, ci + 3 * L));
      c3.intoArray(c, ci + 3 * L);
    } else {
      c0.intoArray(t, ti);
      c1.intoArray(t, ti + L);
      c2.intoArray(t, ti + 2 * L);
      c3.intoArray(t, ti + 3 * L);
      addStrided(4 * L, t, ti, c, ci, ldc, first);
    }
  }

  /**
   * The split of a product whose op(B) must be packed, as (row blocks << 16) | column blocks, or 0
   * to run it alone. Column chunks each pack their own columns of B, row chunks each pack all of
   * it, so columns come first and rows get fewer chunks. Several chunks per thread, so that a
   * thread whose core is taken by another process leaves its share to the others (see
   * WorkerPool). Each column chunk also streams all of op(A) once: with 3 chunks per thread rather
   * than 4, two threads ran 1.84–1.99× one thread at the benchmark's three shapes instead of
   * 1.63–1.83× (five alternating runs on the 2-core build machine). Products whose op(A) rows
   * are transposed first split by rows instead (see transposesA).
   */
  static int split(int rowGroups, int panelCount, int parts) {
    if (panelCount >= parts) {
      return 1 << 16 | Math.min(panelCount, 3 * parts);
    }
    if (rowGroups >= 2 * parts) {
      return Math.min(rowGroups / 2, 2 * parts) << 16 | 1;
    }
    return panelCount >= 2 ? 1 << 16 | panelCount : 0;
  }

  /**
   * The split of a product over pre-packed panels (nothing to pack per chunk), as (row blocks <<
   * 16) | column blocks: blocks of MR-row groups by panels, the grid whose largest chunk times the
   * rounds of P chunks is least, so that every thread count up to the tiles gains. The recurrent
   * step's products have 16 row groups (B = 64) by 22 panels (4H = 1024) forward and by 6 backward
   * (H = 256): split by panels alone, 16 threads ran the forward product in two rounds of 22 chunks
   * and the backward one (6 panels, fewer than 16, and 16 row groups, fewer than 2·16) on one
   * thread; 16 row blocks of 4 rows each run either in one round. Among equal grids the one with
   * fewer chunks wins, and then the one with fewer row blocks (each re-reads the panels).
   */
  private int memoGrid(int rowGroups, int panelCount, int parts) {
    long key = (long) rowGroups << 40 | (long) panelCount << 20 | parts;
    GridMemo memo = gridMemo;
    if (memo == null || memo.key != key) {
      memo = new GridMemo(key, grid(rowGroups, panelCount, parts));
      gridMemo = memo; // a product per time step asks the same question T times
    }
    return memo.grid;
  }

  private static final class GridMemo {
    final long key;
    final int grid;

    GridMemo(long key, int grid) {
      this.key = key;
      this.grid = grid;
    }
  }

  private volatile GridMemo gridMemo;

  static int grid(int rowGroups, int panelCount, int parts) {
    long best = Long.MAX_VALUE;
    int bestR = 1;
    int bestC = 1;
    for (int rb = 1; rb <= Math.min(rowGroups, 4 * parts); rb++) {
      for (int cb = 1; cb <= Math.min(panelCount, 4 * parts); cb++) {
        int chunks = rb * cb;
        long size = (long) ((rowGroups + rb - 1) / rb) * ((panelCount + cb - 1) / cb);
        long makespan = (long) ((chunks + parts - 1) / parts) * size;
        boolean better = makespan < best || makespan == best && chunks < bestR * bestC;
        if (better) {
          best = makespan;
          bestR = rb;
          bestC = cb;
        }
      }
    }
    return bestR * bestC < 2 ? 0 : bestR << 16 | bestC;
  }

  // ---------------------------------------------------------------------------------------------
  // Threads: a product split into chunks of whole panels of columns and groups of MR rows (split
  // for products that pack op(B) as they go, grid for pre-packed ones), claimed by the threads.

  /** Products below this many floating-point operations run on the caller's thread alone. */
  static final double PARALLEL_FLOPS = 2e6;

  private volatile int threads = Kernels.defaultThreads();
  private WorkerPool pool;
  private Job job;

  private synchronized WorkerPool pool() {
    if (pool == null) {
      pool = new WorkerPool();
    }
    return pool;
  }

  private synchronized Job job() {
    if (job == null) {
      job = new Job();
    }
    return job;
  }

  /**
   * The arguments of the product the pool is running; set and cleared under the pool's lock. Chunk
   * c of R·Q covers MR-row groups [r·count/R, (r+1)·count/R) by panels [q·count/Q, (q+1)·count/Q),
   * r = c / Q, q = c mod Q.
   */
  private static final class Job implements WorkerPool.Task {
    int rowBlocks;
    int colBlocks;
    int m;
    int n;
    int k;
    float[] a;
    int aOff;
    int ars;
    int aps;
    boolean transB;
    float[] b;
    int bOff;
    int ldb;
    float[] panels;
    boolean overwrite;
    float[] c;
    int cOff;
    int ldc;

    void set(
        int rowBlocks,
        int colBlocks,
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
        float[] panels,
        boolean overwrite,
        float[] c,
        int cOff,
        int ldc) {
      this.rowBlocks = rowBlocks;
      this.colBlocks = colBlocks;
      this.m = m;
      this.n = n;
      this.k = k;
      this.a = a;
      this.aOff = aOff;
      this.ars = ars;
      this.aps = aps;
      this.transB = transB;
      this.b = b;
      this.bOff = bOff;
      this.ldb = ldb;
      this.panels = panels;
      this.overwrite = overwrite;
      this.c = c;
      this.cOff = cOff;
      this.ldc = ldc;
    }

    void clear() {
      a = null;
      b = null;
      c = null;
      panels = null;
    }

    @Override
    public void run(int chunk, int chunks) {
      int rows = (m + MR - 1) / MR;
      int cols = (n + NR - 1) / NR;
      int r = chunk / colBlocks;
      int q = chunk % colBlocks;
      int i0 = r * rows / rowBlocks * MR;
      int i1 = Math.min(m, (r + 1) * rows / rowBlocks * MR);
      int j0 = q * cols / colBlocks * NR;
      int j1 = Math.min(n, (q + 1) * cols / colBlocks * NR);
      if (i0 < i1 && j0 < j1) {
        range(i0, i1, j0, j1, k, a, aOff, ars, aps, transB, b, bOff, ldb, panels, overwrite, c,
            cOff, ldc);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // General path: pack op(B) block by block, sweep C with the register tile.

  private static void packed(
      int i0,
      int i1,
      int j0,
      int j1,
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
    for (int jc = j0; jc < j1; jc += NC) {
      int nc = Math.min(NC, j1 - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        pack(transB, b, bOff, ldb, pc, kc, jc, nc, buf, scratch.rows);
        if (i1 - i0 >= MR && transposesA(ars, aps, kc, nc)) {
          // Each block of op(A) rows transposed into rows of kc (packA), then swept as an A read
          // along its rows: sweep's element (i, pc + p) at rows[(i − ic)·kc + p].
          if (scratch.rowsOfA == null) {
            scratch.rowsOfA = new float[MC * KC];
          }
          float[] rows = scratch.rowsOfA;
          for (int ic = i0; ic < i1; ic += MC) {
            int mc = Math.min(MC, i1 - ic);
            packA(a, aOff + ic * ars + pc * aps, ars, aps, mc, kc, rows, scratch.square);
            sweep(ic, ic + mc, jc, nc, pc, kc, rows, -ic * kc - pc, kc, 1, buf, 0, kc,
                overwrite && pc == 0, c, cOff, ldc, buf);
          }
        } else {
          sweep(i0, i1, jc, nc, pc, kc, a, aOff, ars, aps, buf, 0, kc, overwrite && pc == 0, c,
              cOff, ldc, buf);
        }
      }
    }
  }

  /**
   * C rows [i0, i1) × columns [jc, jc + nc) (+)= op(A) rows × [pc, pc + kc) · the packed block
   * whose panel starting at column jc + jr lies at bp[base + jr·stride], rows NR apart. The scratch
   * tile for the right edge is at the end of {@code tileBuf}.
   */
  private static void sweep(
      int i0,
      int i1,
      int jc,
      int nc,
      int pc,
      int kc,
      float[] a,
      int aOff,
      int ars,
      int aps,
      float[] bp,
      int base,
      int stride,
      boolean first,
      float[] c,
      int cOff,
      int ldc,
      float[] tileBuf) {
    int tile = KC * NC; // scratch tile (MR, NR) at the end of the buffer
    for (int ic = i0; ic < i1; ic += MC) {
      int mc = Math.min(MC, i1 - ic);
      for (int jr = 0; jr < nc; jr += NR) {
        int nr = Math.min(NR, nc - jr);
        int panel = base + jr * stride;
        int cj = cOff + jc + jr;
        if (mc < MR && nc - jr >= 2 * NR) {
          // Rows one by one (M = 1..3): two panels per pass give the kernel six independent sums.
          // When what is left after the pair is one vector of columns or less (the 16 of 4H =
          // 400), it joins the pass as a seventh sum instead of taking a pass of its own, whose one
          // sum would wait on each of its fused multiply-adds.
          int rest = nc - jr - 2 * NR;
          boolean seventh = rest > 0 && rest <= L;
          for (int i = ic; i < ic + mc; i++) {
            int ai = aOff + i * ars + pc * aps;
            int ci = cj + i * ldc;
            if (!seventh) {
              tile1x2(kc, a, ai, aps, bp, panel, panel + NR * stride, NR, c, ci, first);
            } else if (rest == L) {
              tile1x2v(kc, a, ai, aps, bp, panel, NR * stride, NR, c, ci, first, c, ci + 2 * NR,
                  first);
            } else {
              tile1x2v(kc, a, ai, aps, bp, panel, NR * stride, NR, c, ci, first, tileBuf, tile,
                  true);
              addTile(1, rest, tileBuf, tile, c, ci + 2 * NR, ldc, first);
            }
          }
          jr += seventh ? 2 * NR : NR;
          continue;
        }
        for (int ir = 0; ir < mc; ) {
          int i = ic + ir;
          int ai = aOff + i * ars + pc * aps;
          int ci = cj + i * ldc;
          boolean rows4 = mc - ir >= MR;
          if (nr == NR) {
            if (rows4 && aps == 1) {
              tile4r(kc, a, ai, ars, bp, panel, c, ci, ldc, first);
            } else if (rows4) {
              tile4(kc, a, ai, ars, aps, bp, panel, NR, c, ci, ldc, first);
            } else {
              tile1(kc, a, ai, aps, bp, panel, NR, c, ci, first);
            }
          } else {
            // A panel that overhangs the right edge of C: into the scratch tile, then copied. If
            // it holds at most one vector of columns (e.g. the 4 of N = 100, or N = 1 in a weight
            // gradient), only that vector is computed; its columns sum as in the full tile.
            int rows = rows4 ? MR : 1;
            if (nr <= L) {
              if (rows4) {
                tile4n1(kc, a, ai, ars, aps, bp, panel, NR, tileBuf, tile, NR);
              } else {
                tile1n1(kc, a, ai, aps, bp, panel, NR, tileBuf, tile);
              }
            } else if (rows4 && aps == 1) {
              tile4r(kc, a, ai, ars, bp, panel, tileBuf, tile, NR, true);
            } else if (rows4) {
              tile4(kc, a, ai, ars, aps, bp, panel, NR, tileBuf, tile, NR, true);
            } else {
              tile1(kc, a, ai, aps, bp, panel, NR, tileBuf, tile, true);
            }
            addTile(rows, nr, tileBuf, tile, c, ci, ldc, first);
          }
          ir += rows4 ? MR : 1;
        }
      }
    }
  }

  /**
   * Whether a block of k terms and n columns with op(A) = Aᵀ read in place (a weight gradient,
   * dGᵀ·x: ars = 1, aps = lda) has its rows of op(A) transposed into rows first (packA): tile4
   * would read each term's 4 values a row of A apart, one cache line a term, with bounds checks
   * C2 cannot hoist (the stride is a variable); tile4r reads the rows along their length with
   * constant strides. Worth it when at least two panels read the rows and a 16 × 16 block fits
   * the depth (dW_ih at I = 32, one panel, fell from 88–93 to 72–79 GFLOP/s transposed first; the
   * notebook's four 52 × 100 × 10 products from 3.5 to 4.7–5.1 µs). The batched step's dW_hh,
   * 1024 × 256 × 6400, on one thread: 130–146 GFLOP/s in place, 158–183 transposed first (twelve
   * JVMs each, the transposition included; AMD Zen 5); on two, split by rows so that each thread
   * transposes its own rows once (column chunks each re-read all of A): 215–289 against 237–301,
   * within the host's noise, and the whole step 0.82–0.99 of its time in four pairs of JVMs.
   * The transposition happens in packed, before sweep, which is unchanged: C2 compiles sweep with
   * its kernels inlined, and a larger sweep has compiled to code several times slower.
   * Needs VectorTranspose's 16 lanes.
   */
  private static boolean transposesA(int ars, int aps, int k, int n) {
    return aps != 1 && ars == 1 && k >= L && n > NR && VectorTranspose.AVAILABLE;
  }

  /**
   * rows[r·kc + p] = a[at + r·ars + p·aps] for r &lt; m, p &lt; kc, with ars = 1 (op(A) = Aᵀ:
   * each p a run of A's row): m rows of op(A) laid out along their length, by 16 × 16 register
   * transposes and single copies at the edges. Only when VectorTranspose is available.
   */
  private static void packA(float[] a, int at, int ars, int aps, int m, int kc, float[] rows,
      float[] square) {
    int r = 0;
    for (; r + L <= m; r += L) {
      int p = 0;
      for (; p + L <= kc; p += L) {
        VectorTranspose.block(a, at + r * ars + p * aps, aps, rows, r * kc + p, kc, square);
      }
      for (; p < kc; p++) {
        for (int q = r; q < r + L; q++) {
          rows[q * kc + p] = a[at + q * ars + p * aps];
        }
      }
    }
    for (; r < m; r++) {
      for (int p = 0; p < kc; p++) {
        rows[r * kc + p] = a[at + r * ars + p * aps];
      }
    }
  }

  /**
   * Copies op(B)[pc, pc+kc) × [jc, jc+nc) into panels of NR columns: panel q holds columns [jc + q·NR,
   * jc + (q+1)·NR) as (kc, NR) row-major, starting at buf[q·NR·kc]. Columns past nc are zero up to
   * the end of the last panel, or of its first vector when it holds at most L columns: the
   * kernels then read that vector only, and the rest keeps what the buffer held (filling it took
   * a fifth of packing W_hhᵀ at the notebook's RNN, 100 × 100, whose last panel has 4 columns). For
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
      // A panel past the right edge of op(B) is zero-padded as far as the kernels read it: its
      // first vector only when the columns fit in one (see sweep), else all of it.
      int padded = nr <= L ? L : NR;
      if (!transB) {
        // op(B)[p][j] = B[p][j]: rows of the panel are slices of rows of B.
        for (int p = 0; p < kc; p++) {
          int dst = panel + p * NR;
          System.arraycopy(b, bOff + (pc + p) * ldb + jc + jr, buf, dst, nr);
          for (int j = nr; j < padded; j++) {
            buf[dst + j] = 0f;
          }
        }
      } else {
        // op(B)[p][j] = B[j][p]: the transposition is all that packing costs, and at M = 1, where
        // each element of B is used once, it is most of the product. Each whole vector of the
        // panel's columns gathers one column of L rows of B per row of the panel, about twice as
        // fast as scalar copies, unless the rows' stride is a multiple of GATHER_ALIAS floats (see
        // there); on 16 lanes, 16 × 16 blocks transposed in registers do it 1.5–1.7 times as fast
        // again, and gathers take the rows of the panel past the last whole block. Columns past
        // the whole vectors, and all of them at an aliasing stride, are read along each row of B
        // and written down a column of the panel.
        int vectors = (ldb & (GATHER_ALIAS - 1)) != 0 ? nr / L : 0;
        int src = bOff + (jc + jr) * ldb + pc;
        int p = 0;
        if (VectorTranspose.AVAILABLE && vectors > 0) {
          float[] square = SCRATCH.get().square;
          for (; p + L <= kc; p += L) {
            for (int v = 0; v < vectors; v++) {
              VectorTranspose.block(b, src + v * L * ldb + p, ldb, buf, panel + p * NR + v * L, NR,
                  square);
            }
          }
        }
        for (; p < kc && vectors > 0; p++) {
          for (int v = 0; v < vectors; v++) {
            FloatVector.fromArray(S, b, src + v * L * ldb + p, rows, 0)
                .intoArray(buf, panel + p * NR + v * L);
          }
        }
        for (int j = vectors * L; j < nr; j++) {
          int row = src + j * ldb;
          for (p = 0; p < kc; p++) {
            buf[panel + p * NR + j] = b[row + p];
          }
        }
        if (nr < padded) {
          for (p = 0; p < kc; p++) {
            Arrays.fill(buf, panel + p * NR + nr, panel + p * NR + padded, 0f);
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

  /**
   * {@link #tile4} for the packed path's commonest case, op(A) = A read along its rows (aps = 1)
   * and a packed panel (row stride NR): both strides are constants, so every index in the loop is
   * the loop counter times a constant plus a value fixed before the loop. C2's range-check
   * elimination needs exactly that shape to move the bounds checks of the seven loads (three
   * vector loads of B, each a {@code checkIndex} inside {@code fromArray}, and four of A) out of the
   * loop; with the strides as variables they stay in it, seven compare-and-branch pairs per twelve
   * fused multiply-adds, which on Intel cores share ports with the vector units.
   */
  private static void tile4r(
      int kc,
      float[] a,
      int ai,
      int ars,
      float[] b,
      int bi,
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
    int a1 = ai + ars;
    int a2 = ai + 2 * ars;
    int a3 = ai + 3 * ars;
    for (int p = 0; p < kc; p++) {
      int bp = bi + p * NR;
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
      FloatVector x = FloatVector.broadcast(S, a[ai + p]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      c02 = x.fma(b2, c02);
      x = FloatVector.broadcast(S, a[a1 + p]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      c12 = x.fma(b2, c12);
      x = FloatVector.broadcast(S, a[a2 + p]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      c22 = x.fma(b2, c22);
      x = FloatVector.broadcast(S, a[a3 + p]);
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

  /**
   * {@link #tile1} over two panels at once, the second at b[bj...]: C[0, 2·NR) (+)= op(A) (1, kc) ·
   * (panel at bi | panel at bj). One row leaves the three sums of tile1 each waiting on its own last
   * fused multiply-add; six keep the FMA units busier (1×400×100 took 40% less time).
   */
  private static void tile1x2(
      int kc,
      float[] a,
      int ai,
      int aps,
      float[] b,
      int bi,
      int bj,
      int bs,
      float[] c,
      int ci,
      boolean overwrite) {
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = FloatVector.zero(S);
    FloatVector c2 = FloatVector.zero(S);
    FloatVector c3 = FloatVector.zero(S);
    FloatVector c4 = FloatVector.zero(S);
    FloatVector c5 = FloatVector.zero(S);
    for (int p = 0; p < kc; p++) {
      int bp = bi + p * bs;
      int bq = bj + p * bs;
      FloatVector x = FloatVector.broadcast(S, a[ai + p * aps]);
      c0 = x.fma(FloatVector.fromArray(S, b, bp), c0);
      c1 = x.fma(FloatVector.fromArray(S, b, bp + L), c1);
      c2 = x.fma(FloatVector.fromArray(S, b, bp + 2 * L), c2);
      c3 = x.fma(FloatVector.fromArray(S, b, bq), c3);
      c4 = x.fma(FloatVector.fromArray(S, b, bq + L), c4);
      c5 = x.fma(FloatVector.fromArray(S, b, bq + 2 * L), c5);
    }
    store(c0, c1, c2, c, ci, overwrite);
    store(c3, c4, c5, c, ci + NR, overwrite);
  }

  /**
   * {@link #tile1x2} over the panels at b[bi] and b[bi + step] (rows bs apart), plus the vector at
   * b[bi + 2·step] of each row into t[ti, ti + L) (+)= (tOverwrite: =), summed as {@link #tile1n1}
   * sums it.
   */
  private static void tile1x2v(
      int kc,
      float[] a,
      int ai,
      int aps,
      float[] b,
      int bi,
      int step,
      int bs,
      float[] c,
      int ci,
      boolean overwrite,
      float[] t,
      int ti,
      boolean tOverwrite) {
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = FloatVector.zero(S);
    FloatVector c2 = FloatVector.zero(S);
    FloatVector c3 = FloatVector.zero(S);
    FloatVector c4 = FloatVector.zero(S);
    FloatVector c5 = FloatVector.zero(S);
    FloatVector c6 = FloatVector.zero(S);
    int bj = bi + step;
    int bk = bj + step;
    for (int p = 0; p < kc; p++) {
      int bp = bi + p * bs;
      int bq = bj + p * bs;
      FloatVector x = FloatVector.broadcast(S, a[ai + p * aps]);
      c0 = x.fma(FloatVector.fromArray(S, b, bp), c0);
      c1 = x.fma(FloatVector.fromArray(S, b, bp + L), c1);
      c2 = x.fma(FloatVector.fromArray(S, b, bp + 2 * L), c2);
      c3 = x.fma(FloatVector.fromArray(S, b, bq), c3);
      c4 = x.fma(FloatVector.fromArray(S, b, bq + L), c4);
      c5 = x.fma(FloatVector.fromArray(S, b, bq + 2 * L), c5);
      c6 = x.fma(FloatVector.fromArray(S, b, bk + p * bs), c6);
    }
    store(c0, c1, c2, c, ci, overwrite);
    store(c3, c4, c5, c, ci + NR, overwrite);
    if (!tOverwrite) {
      c6 = c6.add(FloatVector.fromArray(S, t, ti));
    }
    c6.intoArray(t, ti);
  }

  /** {@link #tile4} over the first vector of a panel only: t (4, L) = op(A) (4, kc) · B (kc, L). */
  private static void tile4n1(
      int kc, float[] a, int ai, int ars, int aps, float[] b, int bi, int bs, float[] t, int ti,
      int ts) {
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = FloatVector.zero(S);
    FloatVector c2 = FloatVector.zero(S);
    FloatVector c3 = FloatVector.zero(S);
    for (int p = 0; p < kc; p++) {
      FloatVector v = FloatVector.fromArray(S, b, bi + p * bs);
      int ap = ai + p * aps;
      c0 = FloatVector.broadcast(S, a[ap]).fma(v, c0);
      c1 = FloatVector.broadcast(S, a[ap + ars]).fma(v, c1);
      c2 = FloatVector.broadcast(S, a[ap + 2 * ars]).fma(v, c2);
      c3 = FloatVector.broadcast(S, a[ap + 3 * ars]).fma(v, c3);
    }
    c0.intoArray(t, ti);
    c1.intoArray(t, ti + ts);
    c2.intoArray(t, ti + 2 * ts);
    c3.intoArray(t, ti + 3 * ts);
  }

  /** {@link #tile4n1} for one row. */
  private static void tile1n1(
      int kc, float[] a, int ai, int aps, float[] b, int bi, int bs, float[] t, int ti) {
    FloatVector c0 = FloatVector.zero(S);
    for (int p = 0; p < kc; p++) {
      c0 = FloatVector.broadcast(S, a[ai + p * aps]).fma(FloatVector.fromArray(S, b, bi + p * bs), c0);
    }
    c0.intoArray(t, ti);
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
      int i0,
      int i1,
      int j0,
      int j1,
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
    int nFull = j0 + (j1 - j0) / NR * NR;
    // The same blocks of KC along p as the packed path, so that every element sums in one order.
    for (int pc = 0; pc < k; pc += KC) {
      int kc = Math.min(KC, k - pc);
      boolean first = overwrite && pc == 0;
      for (int i = i0; i < i1; ) {
        int ai = aOff + i * ars + pc * aps;
        int ci = cOff + i * ldc;
        int bp = bOff + pc * ldb;
        boolean rows4 = i1 - i >= MR;
        int tailFrom = nFull; // the columns after the panels not yet summed
        for (int j = j0; j < nFull; j += NR) {
          if (rows4) {
            tile4(kc, a, ai, ars, aps, b, bp + j, ldb, c, ci + j, ldc, first);
          } else if (j + 2 * NR <= nFull) {
            if (j + 2 * NR == nFull && j1 > nFull && j1 - nFull <= L
                && bp + (kc - 1) * ldb + nFull + L <= b.length) {
              // The last two panels take the remaining columns along, up to a vector of them, as
              // a seventh sum in the same pass over p (one row of W_hh's backward product at H =
              // 100 is two panels and four columns). The vector reads past the row's last column
              // (into the next row, or past B where the array goes on) and only its first j1 −
              // nFull lanes are kept.
              float[] t = SCRATCH.get().buf;
              tile1x2v(kc, a, ai, aps, b, bp + j, NR, ldb, c, ci + j, first, t, 0, true);
              addTile(1, j1 - nFull, t, 0, c, ci + nFull, ldc, first);
              tailFrom = j1;
            } else {
              tile1x2(kc, a, ai, aps, b, bp + j, bp + j + NR, ldb, c, ci + j, first);
            }
            j += NR;
          } else {
            tile1(kc, a, ai, aps, b, bp + j, ldb, c, ci + j, first);
          }
        }
        for (int r = 0, rows = rows4 ? MR : 1; r < rows; r++) {
          columns(kc, a, ai + r * ars, aps, b, bp, ldb, tailFrom, j1, c, ci + r * ldc, first);
        }
        i += rows4 ? MR : 1;
      }
    }
  }

  /**
   * The columns [j0, j1) of one row that do not fill a panel, with the tiles' order of operations
   * (one fused multiply-add per p, from 0, then added to C): four columns at a time, so that four
   * independent sums share each pass over p.
   */
  private static void columns(int kc, float[] a, int ai, int aps, float[] b, int bp, int ldb,
      int j0, int j1, float[] c, int ci, boolean first) {
    int j = j0;
    for (; j + 4 <= j1; j += 4) {
      fourSums(kc, a, ai, aps, b, bp + j, ldb, 1, c, ci + j, first);
    }
    for (; j < j1; j++) {
      float s = 0f;
      for (int p = 0; p < kc; p++) {
        s = Math.fma(a[ai + p * aps], b[bp + p * ldb + j], s);
      }
      c[ci + j] = first ? s : c[ci + j] + s;
    }
  }

  /**
   * c[ci + q] (+)= Σ_p a[ai + p·aps]·x[xi + p·xps + q·xqs] for q &lt; 4: four sums of one row, side
   * by side, each one fused multiply-add per p from 0, then added to C (or written if first).
   */
  private static void fourSums(int kc, float[] a, int ai, int aps, float[] x, int xi, int xps,
      int xqs, float[] c, int ci, boolean first) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    for (int p = 0; p < kc; p++) {
      float v = a[ai + p * aps];
      int xp = xi + p * xps;
      s0 = Math.fma(v, x[xp], s0);
      s1 = Math.fma(v, x[xp + xqs], s1);
      s2 = Math.fma(v, x[xp + 2 * xqs], s2);
      s3 = Math.fma(v, x[xp + 3 * xqs], s3);
    }
    c[ci] = first ? s0 : c[ci] + s0;
    c[ci + 1] = first ? s1 : c[ci + 1] + s1;
    c[ci + 2] = first ? s2 : c[ci + 2] + s2;
    c[ci + 3] = first ? s3 : c[ci + 3] + s3;
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
