package org.lstmlab.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vector kernel against the definition of the product summed in double, and against the plain
 * kernel, for every transposition, beta 0, 1 and ½, and shapes that reach every path of the kernel:
 * few rows (in-place and dot-product paths), narrow C, register-tile edges in both directions, and
 * blocks larger than the packing block in each dimension. Operands sit at offsets inside larger
 * arrays with padded leading dimensions, and C starts as NaN or random garbage.
 *
 * <p>The vector kernel is obtained whatever {@code lstmlab.kernel} says, so both surefire runs test
 * it; the build adds the incubator module, and without it these tests fail rather than skip.
 */
class VectorMatMulTest {

  private static final MatMul VECTOR = Kernels.named("vector");
  private static final MatMul PLAIN = PlainMatMul.INSTANCE;

  /** (M, N, K) covering the kernel's paths and edges; the register tile is 4 × 3 vectors. */
  static Stream<int[]> shapes() {
    List<int[]> s = new ArrayList<>();
    int[] small = {1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17, 31, 47, 48, 49, 64, 70};
    SplittableRandom rng = new SplittableRandom(5);
    for (int m : small) {
      // Each M with a few N and K, some primes, some multiples of the lane count.
      s.add(new int[] {m, small[rng.nextInt(small.length)], small[rng.nextInt(small.length)]});
      s.add(new int[] {m, 1 + rng.nextInt(70), 1 + rng.nextInt(70)});
    }
    s.add(new int[] {1, 1, 1});
    s.add(new int[] {1, 97, 1}); // 1×N, K = 1
    s.add(new int[] {61, 1, 37}); // M×1
    s.add(new int[] {53, 59, 1}); // K = 1, general path
    s.add(new int[] {1, 400, 100}); // the notebook's recurrent step
    s.add(new int[] {64, 96, 288}); // a slice of the batched recurrent step, K > KC
    s.add(new int[] {9, 817, 19}); // N > NC: two column blocks
    s.add(new int[] {263, 50, 11}); // M > MC
    s.add(new int[] {6, 113, 521}); // few rows, K > 2·KC
    s.add(new int[] {400, 100, 10}); // the notebook LSTM's dW_hh (transA): 4 columns past 2 panels
    s.add(new int[] {400, 1, 10}); // its dW_ih at I = 1: one column
    s.add(new int[] {87, 52, 300}); // 4 columns past a panel, rows past 4·L, K > KC
    s.add(new int[] {3, 101, 30}); // rows one by one: 5 columns past a pair of panels
    s.add(new int[] {2, 112, 300}); // 16 past a pair (one vector on 16 lanes), K > KC
    // transA: op(A)'s rows transposed into the scratch (packA), rows and depth past whole 16 × 16
    // blocks, K > KC
    s.add(new int[] {70, 100, 296});
    return s.stream();
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    boolean[] tf = {false, true};
    float[] betas = {0f, 1f};
    List<int[]> all = shapes().toList();
    for (int[] mnk : all) {
      for (boolean transA : tf) {
        for (boolean transB : tf) {
          for (float beta : betas) {
            out.add(Arguments.of(transA, transB, mnk[0], mnk[1], mnk[2], beta));
          }
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "transA={0} transB={1} M={2} N={3} K={4} beta={5}")
  @MethodSource("cases")
  void gemm_matchesDefinitionAndPlain(
      boolean transA, boolean transB, int m, int n, int k, float beta) {
    Problem p = new Problem(transA, transB, m, n, k, beta, 31L * m + 7L * n + k);
    float[] cv = p.c.clone();
    float[] cp = p.c.clone();
    p.run(VECTOR, cv);
    p.run(PLAIN, cp);
    p.check(cv, cp);
  }

  @ParameterizedTest(name = "transA={0} transB={1} M={2} N={3} K={4}")
  @CsvSource({
    "false,true,1,400,100", "false,true,64,100,48", "false,false,3,50,20",
    "false,false,40,50,20", "true,false,50,40,20", "true,false,2,100,7",
    "true,true,9,50,20", "false,true,70,3,33"
  })
  void gemm_betaZero_ignoresNanInC(boolean transA, boolean transB, int m, int n, int k) {
    Problem p = new Problem(transA, transB, m, n, k, 0f, 3);
    Arrays.fill(p.c, Float.NaN);
    float[] cv = p.c.clone();
    p.run(VECTOR, cv);
    p.check(cv, null);
  }

  @ParameterizedTest(name = "transA={0} transB={1}")
  @CsvSource({"false,false", "false,true", "true,false", "true,true"})
  void gemm_betaHalf_scalesC(boolean transA, boolean transB) {
    Problem p = new Problem(transA, transB, 21, 53, 17, 0.5f, 8);
    float[] cv = p.c.clone();
    p.run(VECTOR, cv);
    p.check(cv, null);
  }

  @ParameterizedTest(name = "beta={0}")
  @CsvSource({"0", "1"})
  void gemm_emptyInnerDimension_scalesC(float beta) {
    float[] c = {Float.NaN, 2f, 3f, 4f, 5f, 6f};
    float[] a = new float[0];
    VECTOR.gemm(false, true, 2, 2, 0, a, 0, 1, a, 0, 1, beta, c, 1, 3);
    assertThat(c)
        .containsExactly(
            beta == 0f
                ? new float[] {Float.NaN, 0f, 0f, 4f, 0f, 0f}
                : new float[] {Float.NaN, 2f, 3f, 4f, 5f, 6f});
    // The same with a packed, empty op(B) and one row (the one-row path): beta 1 keeps C to the
    // bit, −0 included (a sum of no terms added to it would make it +0)
    float[] one = {9f, -0f, 7f};
    PackedMatrix empty = VECTOR.pack(true, 0, 2, a, 0, 1, null);
    VECTOR.gemm(false, 1, a, 0, 1, empty, beta, one, 1, 2);
    assertThat(Float.floatToRawIntBits(one[1]))
        .isEqualTo(Float.floatToRawIntBits(beta == 0f ? 0f : -0f));
    assertThat(one).containsExactly(9f, beta == 0f ? 0f : -0f, beta == 0f ? 0f : 7f);
  }

  @ParameterizedTest(name = "transA={0} transB={1} M={2} N={3} K={4}")
  @CsvSource({
    "false,true,27,1024,32", "false,true,9,100,400", "false,false,13,100,400",
    "false,false,6,49,20", "true,false,11,50,300", "true,true,7,61,270", "false,true,6,400,100",
    "false,false,7,101,300", "true,false,70,100,296", "true,true,38,150,40"
  })
  void gemm_eachRow_bitForBitAsAlone(boolean transA, boolean transB, int m, int n, int k) {
    // A row of C must not depend on the other rows: a model stepped one sequence or one time step
    // at a time gives what it gives on the whole batch (StatefulInferenceTest relies on this).
    Problem p = new Problem(transA, transB, m, n, k, 1f, 13);
    float[] whole = p.c.clone();
    p.run(VECTOR, whole);
    for (int i = 0; i < m; i++) {
      float[] alone = p.c.clone();
      int aRow = p.aOff + (transA ? i : i * p.lda);
      VECTOR.gemm(
          transA, transB, 1, n, k, p.a, aRow, p.lda, p.b, p.bOff, p.ldb, 1f, alone,
          p.cOff + i * p.ldc, p.ldc);
      for (int j = 0; j < n; j++) {
        int at = p.cOff + i * p.ldc + j;
        assertThat(alone[at]).as("C[%d][%d]", i, j).isEqualTo(whole[at]);
      }
    }
  }

  @ParameterizedTest(name = "transB={0} M={1} N={2} K={3} beta={4}")
  @CsvSource({
    "false,400,100,10,1", "true,400,100,10,0", "false,400,1,10,1", "true,87,52,300,1",
    "false,100,100,10,0", "false,70,5,3,1", "true,33,49,7,0", "false,17,2,600,1",
    "false,5,56,9,1", "true,40,104,300,0", "false,52,100,10,0"
  })
  void gemm_transposedA_bitForBitAsItsTransposedCopy(
      boolean transB, int m, int n, int k, float beta) {
    // op(A) = Aᵀ sums the few columns past the last panel down the rows, four columns at a time
    // (then one by one), and a copy of A transposed runs them in a panel: each element must still
    // sum in the one order.
    Problem p = new Problem(true, transB, m, n, k, beta, 7L * m + n);
    float[] viaColumns = p.c.clone();
    p.run(VECTOR, viaColumns);
    float[] at = new float[m * k]; // op(A) row-major (M, K)
    for (int i = 0; i < m; i++) {
      for (int q = 0; q < k; q++) {
        at[i * k + q] = (float) p.opA(i, q);
      }
    }
    float[] viaPanels = p.c.clone();
    VECTOR.gemm(false, transB, m, n, k, at, 0, k, p.b, p.bOff, p.ldb, beta, viaPanels, p.cOff,
        p.ldc);
    assertThat(Arrays.mismatch(viaColumns, viaPanels)).as("first element differing").isEqualTo(-1);
    p.check(viaColumns, null);
  }

  @ParameterizedTest(name = "transB={0} M={1} N={2}")
  @CsvSource({
    "false,13,4", "false,13,16", "false,13,52", "false,9,100", "true,13,4", "true,2,100",
    "true,2,4", "true,13,52"
  })
  void gemm_lastPanelOfAtMostOneVector_ignoresWhatTheBuffersHeldPastIt(
      boolean transB, int m, int n) {
    // A last panel of at most L columns is zero-padded to the end of its first vector only, the
    // one vector the kernels read there; the rest of the thread's packing buffer, or of a reused
    // handle's panels, keeps what an earlier product put there. Put NaN there first: the lanes
    // the kernels compute read zeros or B, and no result depends on the rest.
    int k = 37;
    Problem p = new Problem(false, transB, m, n, k, 1f, 17L * m + n);
    float[] expected = p.c.clone();
    p.run(VECTOR, expected);
    p.check(expected, null);
    int panel = VectorMatMul.NR; // columns of a panel: three vectors
    int lanes = panel / 3;
    int wide = (n + panel - 1) / panel * panel; // whole panels
    float[] nan = new float[wide * k];
    Arrays.fill(nan, Float.NaN);
    int ldNan = transB ? k : wide;
    VECTOR.gemm(false, transB, m, wide, k, p.a, p.aOff, p.lda, nan, 0, ldNan, 0f,
        new float[m * wide], 0, wide);
    float[] again = p.c.clone();
    p.run(VECTOR, again);
    assertThat(Arrays.mismatch(again, expected)).as("first element differing").isEqualTo(-1);
    PackedMatrix handle = VECTOR.pack(transB, k, wide, nan, 0, ldNan, null);
    handle = VECTOR.pack(transB, k, n, p.b, p.bOff, p.ldb, handle);
    int last = (n - 1) / panel * panel; // the last panel's first column
    int nr = n - last;
    int padded = nr <= lanes ? lanes : panel;
    for (int q = 0; q < k; q++) {
      for (int j = nr; j < padded; j++) {
        assertThat(handle.panels[last * k + q * panel + j]).as("row %d, column %d", q, last + j)
            .isEqualTo(0f);
      }
    }
    float[] packed = p.c.clone();
    VECTOR.gemm(false, m, p.a, p.aOff, p.lda, handle, 1f, packed, p.cOff, p.ldc);
    assertThat(Arrays.mismatch(packed, expected)).as("packed: first element differing")
        .isEqualTo(-1);
  }

  @ParameterizedTest(name = "M={0} N={1} K={2}")
  @CsvSource({"1,100,400", "3,101,300", "2,112,20", "6,100,40"})
  void gemm_fewRowsWithFloatsAfterB_bitForBitAsAtTheArraysEnd(int m, int n, int k) {
    // Rows one by one with op(B) = B in place read the columns past the last pair of panels as one
    // vector, past each row's end, where the array goes on after B; at the array's very end they
    // are summed one by one. The floats after B are NaN: none may reach C.
    Problem p = new Problem(false, false, m, n, k, 1f, 3L * n + k);
    float[] longer = Arrays.copyOf(p.b, p.b.length + 64);
    Arrays.fill(longer, p.b.length, longer.length, Float.NaN);
    float[] atEnd = p.c.clone();
    p.run(VECTOR, atEnd);
    float[] pastEnd = p.c.clone();
    VECTOR.gemm(false, false, m, n, k, p.a, p.aOff, p.lda, longer, p.bOff, p.ldb, 1f, pastEnd,
        p.cOff, p.ldc);
    assertThat(Arrays.mismatch(pastEnd, atEnd)).as("first element differing").isEqualTo(-1);
    p.check(pastEnd, null);
  }

  @ParameterizedTest(name = "M={0} N={1} K={2} ldb={3}")
  @CsvSource({"1,100,200,256", "5,49,256,256", "70,97,300,512", "3,48,1,256"})
  void gemm_transposedBWithRowStrideMultipleOf256_matchesDefinition(int m, int n, int k, int ldb) {
    // Such strides take the scalar packing of Bᵀ instead of gathers (GATHER_ALIAS).
    Problem p = new Problem(false, true, m, n, k, 1f, 17, ldb);
    float[] cv = p.c.clone();
    float[] cp = p.c.clone();
    p.run(VECTOR, cv);
    p.run(PLAIN, cp);
    p.check(cv, cp);
  }

  @Test
  void gemm_twoThreads_sameResultsAsOneThread() throws Exception {
    // Packing buffers are per thread: two threads packing at once must not disturb each other.
    Problem p = new Problem(false, true, 97, 300, 270, 0f, 21);
    float[] expected = p.c.clone();
    p.run(VECTOR, expected);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<float[]>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(
            pool.submit(
                () -> {
                  float[] c = p.c.clone();
                  for (int r = 0; r < 20; r++) {
                    p.run(VECTOR, c);
                  }
                  return c;
                }));
      }
      for (Future<float[]> f : results) {
        assertThat(f.get()).containsExactly(expected);
      }
    } finally {
      pool.shutdown();
    }
  }

  @ParameterizedTest(name = "transA={0} transB={1} M={2} N={3} K={4} beta={5}")
  @CsvSource({
    "false,true,1,400,100,1", "false,true,64,1024,256,1", "false,false,1,100,400,0",
    "false,false,64,256,1024,0", "false,false,5,49,20,1", "true,true,9,817,300,0",
    "true,false,70,97,11,1", "false,true,3,1,37,0", "false,true,2,300,64,0",
    "false,true,1,250,40,1", "false,true,3,460,30,1"
  })
  void gemmPacked_bitForBitAsUnpacked(
      boolean transA, boolean transB, int m, int n, int k, float beta) {
    // The recurrent step packs W_hh once per pass and must still give what gemm gives, bit for bit
    // (StatefulInferenceTest steps one time step at a time and compares with whole sequences).
    Problem p = new Problem(transA, transB, m, n, k, beta, 41L * m + n);
    float[] unpacked = p.c.clone();
    p.run(VECTOR, unpacked);
    PackedMatrix packed = VECTOR.pack(transB, k, n, p.b, p.bOff, p.ldb, null);
    for (int round = 0; round < 2; round++) { // the second round refills the same handle
      float[] c = p.c.clone();
      VECTOR.gemm(transA, m, p.a, p.aOff, p.lda, packed, beta, c, p.cOff, p.ldc);
      assertThat(Arrays.mismatch(c, unpacked)).as("first element differing").isEqualTo(-1);
      packed = VECTOR.pack(transB, k, n, p.b, p.bOff, p.ldb, packed);
    }
    // Told the products' rows, the kernel may keep B in place (op(B) = B, few rows) or pack it: the
    // same bits either way, also when the handle was packed before.
    for (int rows : new int[] {m, 1, 1000}) {
      packed = VECTOR.pack(transB, rows, k, n, p.b, p.bOff, p.ldb, packed);
      float[] c = p.c.clone();
      VECTOR.gemm(transA, m, p.a, p.aOff, p.lda, packed, beta, c, p.cOff, p.ldc);
      assertThat(Arrays.mismatch(c, unpacked)).as("rows %d: first element differing", rows)
          .isEqualTo(-1);
    }
    float[] plain = p.c.clone();
    PLAIN.gemm(transA, m, p.a, p.aOff, p.lda, PLAIN.pack(transB, k, n, p.b, p.bOff, p.ldb, null),
        beta, plain, p.cOff, p.ldc);
    p.check(unpacked, plain);
  }

  @ParameterizedTest(name = "transB={0} M={1} N={2} K={3} split={4}")
  @CsvSource({
    "true,1,192,100,48", "true,1,208,100,52", "true,2,100,37,20", "true,3,40,10,1",
    "true,1,12,5,4", "true,1,300,256,255", "true,1,120,300,100", "true,5,64,20,10",
    "false,1,96,30,15", "false,2,50,9,8"
  })
  void gemmWithSplit_bitForBitAsWhole_readingLateTermsOnlyAfterBefore(
      boolean transB, int m, int n, int k, int split) {
    // The recurrent step in parts: terms [split, K) of each row of A are h_{t−1} of another part,
    // written while the first terms are summed. Here they are NaN until before runs.
    Problem p = new Problem(false, transB, m, n, k, 1f, 43L * n + k);
    float[] whole = p.c.clone();
    p.run(VECTOR, whole);
    for (int rows : new int[] {m, 1000}) { // op(B) = B with few rows is kept in place
      for (MatMul kernel : new MatMul[] {VECTOR, PLAIN}) {
        PackedMatrix packed = kernel.pack(transB, rows, k, n, p.b, p.bOff, p.ldb, null);
        float[] a = p.a.clone();
        for (int i = 0; i < m; i++) {
          Arrays.fill(a, p.aOff + i * p.lda + split, p.aOff + i * p.lda + k, Float.NaN);
        }
        int[] calls = new int[1];
        Runnable before = () -> {
          calls[0]++;
          System.arraycopy(p.a, 0, a, 0, a.length);
        };
        float[] c = p.c.clone();
        kernel.gemm(m, a, p.aOff, p.lda, packed, split, before, c, p.cOff, p.ldc);
        assertThat(calls[0]).as("%s, rows %d: calls of before", kernel, rows).isEqualTo(1);
        if (kernel == VECTOR) {
          assertThat(Arrays.mismatch(c, whole)).as("rows %d: first element differing", rows)
              .isEqualTo(-1);
        } else {
          p.check(c, null);
        }
      }
    }
  }

  @ParameterizedTest(name = "transA={0} transB={1} M={2} N={3} K={4} packed={5}")
  @CsvSource({
    "false,true,64,1024,288,false", "false,true,6400,1024,32,false", "true,false,1024,32,6400,false",
    "true,false,1024,256,6400,false", "false,false,6400,32,1024,false", "false,true,64,1024,256,true",
    "false,false,64,256,1024,true", "false,true,333,97,301,false", "false,false,8,1000,300,false"
  })
  void gemm_twoWorkerThreads_bitForBitAsOne(
      boolean transA, boolean transB, int m, int n, int k, boolean packed) {
    // The split into blocks of whole rows or columns leaves each element's order of summation as
    // it is, so the thread count never changes a result.
    Problem p = new Problem(transA, transB, m, n, k, 1f, 43L * m + k);
    int before = VECTOR.threads();
    try {
      int[] counts = {1, 2, 3, 5, 16};
      float[][] out = new float[counts.length][];
      for (int i = 0; i < counts.length; i++) {
        VECTOR.threads(counts[i]);
        out[i] = p.c.clone();
        if (packed) {
          PackedMatrix b = VECTOR.pack(transB, k, n, p.b, p.bOff, p.ldb, null);
          VECTOR.gemm(transA, m, p.a, p.aOff, p.lda, b, 1f, out[i], p.cOff, p.ldc);
        } else {
          p.run(VECTOR, out[i]);
        }
      }
      for (int i = 1; i < counts.length; i++) {
        int at = Arrays.mismatch(out[i], out[0]);
        assertThat(at)
            .as("first element differing with %d threads: %s, one thread: %s", counts[i],
                at < 0 ? "" : out[i][at], at < 0 ? "" : out[0][at])
            .isEqualTo(-1);
      }
    } finally {
      VECTOR.threads(before);
    }
  }

  @ParameterizedTest(name = "row groups {0}, panels {1}, threads {2}")
  @CsvSource({"16,22,16,16,22", "16,6,16,16,6", "16,22,8,8,44", "16,22,2,2,176", "1,3,16,3,1"})
  void grid_recurrentShapes_oneRoundOfEqualChunks(
      int rowGroups, int panels, int threads, int chunks, int makespan) {
    // The recurrent step's products at B 64, H 256 (forward 16 x 22 tiles, backward 16 x 6): each
    // thread gets the same share of tiles, in one round of as many chunks as threads.
    int grid = VectorMatMul.grid(rowGroups, panels, threads);
    int rb = grid >>> 16;
    int cb = grid & 0xFFFF;
    int size = (rowGroups + rb - 1) / rb * ((panels + cb - 1) / cb);
    assertThat(rb * cb).as("chunks").isEqualTo(chunks);
    assertThat((rb * cb + threads - 1) / threads * size).as("tiles on the busiest thread")
        .isEqualTo(makespan);
  }

  @Test
  void name_isVector() {
    assertThat(VECTOR.name()).isEqualTo("vector");
  }

  /** One product at random offsets with padded leading dimensions, and its definition in double. */
  private static final class Problem {
    final boolean transA;
    final boolean transB;
    final int m;
    final int n;
    final int k;
    final float beta;
    final int aOff;
    final int bOff;
    final int cOff;
    final int lda;
    final int ldb;
    final int ldc;
    final float[] a;
    final float[] b;
    final float[] c;

    Problem(boolean transA, boolean transB, int m, int n, int k, float beta, long seed) {
      this(transA, transB, m, n, k, beta, seed, -1);
    }

    /** ldb as given, or a random padding of B's rows when it is -1. */
    Problem(
        boolean transA, boolean transB, int m, int n, int k, float beta, long seed, int ldbOrMinus1) {
      SplittableRandom rng = new SplittableRandom(seed);
      this.transA = transA;
      this.transB = transB;
      this.m = m;
      this.n = n;
      this.k = k;
      this.beta = beta;
      aOff = rng.nextInt(5);
      bOff = rng.nextInt(5);
      cOff = rng.nextInt(5);
      lda = (transA ? m : k) + rng.nextInt(3);
      int padB = rng.nextInt(3);
      ldb = ldbOrMinus1 >= 0 ? ldbOrMinus1 : (transB ? k : n) + padB;
      ldc = n + rng.nextInt(3);
      // No tail after the last row: a kernel that reads past it fails with an exception.
      a = random(rng, aOff + ((transA ? k : m) - 1) * lda + (transA ? m : k));
      b = random(rng, bOff + ((transB ? n : k) - 1) * ldb + (transB ? k : n));
      c = random(rng, cOff + (m - 1) * ldc + n);
    }

    void run(MatMul kernel, float[] out) {
      kernel.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, out, cOff, ldc);
    }

    double opA(int i, int p) {
      return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    double opB(int p, int j) {
      return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
    }

    /** Each element within float rounding of the definition; outside C's region, nothing moved. */
    void check(float[] actual, float[] plain) {
      boolean[] inside = new boolean[c.length];
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          int at = cOff + i * ldc + j;
          inside[at] = true;
          double s = beta == 0f ? 0.0 : beta * (double) c[at];
          double magnitude = Math.abs(s);
          for (int p = 0; p < k; p++) {
            double t = opA(i, p) * opB(p, j);
            s += t;
            magnitude += Math.abs(t);
          }
          // Float summation of K terms: error up to about K·2⁻²⁴ of the sum of magnitudes;
          // in practice the square root of that, so 2⁻²⁰·(√K + 1) of it is a tight yet safe bound.
          double tol = magnitude * 0x1p-20 * (Math.sqrt(k) + 1) + 1e-30;
          assertThat((double) actual[at]).as("C[%d][%d]", i, j).isCloseTo(s, within(tol));
          if (plain != null) {
            assertThat((double) actual[at])
                .as("C[%d][%d] against plain", i, j)
                .isCloseTo(plain[at], within(2 * tol));
          }
        }
      }
      for (int at = 0; at < c.length; at++) {
        if (!inside[at]) {
          assertThat(Float.floatToRawIntBits(actual[at]))
              .as("untouched C[%d]", at)
              .isEqualTo(Float.floatToRawIntBits(c[at]));
        }
      }
    }
  }

  static float[] random(SplittableRandom rng, int n) {
    float[] x = new float[Math.max(n, 0)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble(-1, 1);
    }
    return x;
  }
}
