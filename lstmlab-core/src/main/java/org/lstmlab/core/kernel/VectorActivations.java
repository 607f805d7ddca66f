package org.lstmlab.core.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * σ and tanh on the JDK Vector API, within two units in the last place of {@link
 * PlainActivations} (which computes in double and rounds once) and about twenty times faster.
 *
 * <p>Loaded only by {@link Kernels}, by reflection, like {@link VectorMatMul}. Uses only lanewise
 * arithmetic, fused multiply-adds and integer shifts and bit operations on reinterpreted lanes, no
 * masks and no conversions, which JDK 17 compiles to vector instructions on every x86 with AVX.
 *
 * <h2>Algorithm</h2>
 *
 * Both functions rest on e^y for y ≤ 0 (clamped at −104, below which σ and 1 − tanh round to 0 in
 * float anyway). The classic range reduction [1]: y = n·ln 2 + r with n = round(y·log₂e) and
 * |r| ≤ ln 2 / 2, r computed with ln 2 split in two parts (Cody and Waite) by fused multiply-adds;
 * e^r by its Taylor polynomial of degree 7 (truncation error below 0.1 ulp on that interval) in
 * Horner form; then the product with 2^n, built in the exponent bits. n is rounded by adding 1.5·2²³
 * (its integer then sits in the low mantissa bits), and 2^n is applied as 2^⌊n/2⌋·2^(n−⌊n/2⌋) so
 * that both factors are normal floats down to n = −150 and results in the subnormal range are
 * rounded once, at the last product. e^y comes out within about 0.7 ulp.
 *
 * <ul>
 *   <li>σ(x) = 1 / (1 + e^−|x|) for x ≥ 0 and e^−|x| / (1 + e^−|x|) for x &lt; 0: neither form
 *       overflows nor cancels; the sign picks the numerator by bit operations.
 *   <li>tanh|x| = (1 − e^−2|x|) / (1 + e^−2|x|) for |x| ≥ 0.625; below, where 1 − e^−2|x| would
 *       cancel, an odd polynomial x + x³·Q(x²) of degree 15 fitted by least squares to tanh
 *       (relative error 0.06 ulp in double). The sign of x is then copied onto the result, which
 *       keeps tanh(−0) = −0.
 * </ul>
 *
 * A run whose length is not a multiple of the lane count ends with one more full vector: its last
 * L elements, read before the loop (so in place too), computed and stored over the overlap, which
 * gets the values it already had; a run shorter than L goes through a zero-padded scratch vector.
 * Either way every element goes through the very same instructions wherever it sits (see {@link
 * ActivationKernel}).
 *
 * <p>[1] J.-M. Muller, Elementary Functions: Algorithms and Implementation, 3rd ed., Birkhäuser
 * 2016, ch. 11 (range reduction).
 */
final class VectorActivations implements ActivationKernel {

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private static final float LOG2E = 1.44269504f;
  /** ln 2 = LN2_HI + LN2_LO, LN2_HI with 9 significant bits so that n·LN2_HI is exact. */
  private static final float LN2_HI = 0.693359375f;
  private static final float LN2_LO = -2.12194440e-4f;
  /** 1.5·2²³: adding it rounds to an integer that lands in the low mantissa bits. */
  private static final float SHIFTER = 12582912f;
  private static final int SHIFTER_BITS = Float.floatToRawIntBits(SHIFTER);
  private static final float EXP_MIN = -104f;
  private static final int ONE_BITS = Float.floatToRawIntBits(1f);
  private static final int SIGN = 0x80000000;
  private static final int TANH_SMALL_BITS = Float.floatToRawIntBits(0.625f);
  /** tanh(x) = x + x³·Q(x²) on [0, 0.625]: Q's coefficients, constant term first. */
  private static final float Q0 = -0.33333334f;
  private static final float Q1 = 0.13333327f;
  private static final float Q2 = -0.053966556f;
  private static final float Q3 = 0.021851039f;
  private static final float Q4 = -0.008755002f;
  private static final float Q5 = 0.003235088f;
  private static final float Q6 = -8.0767123e-4f;

  /** Per-thread scratch for a run shorter than one vector (a thread-local costs ~30 ns a call). */
  private static final ThreadLocal<float[]> TAIL = ThreadLocal.withInitial(() -> new float[L]);

  VectorActivations() {
    if (L < 4) {
      throw new UnsupportedOperationException(
          "preferred float vector has " + L + " lanes; the vector kernel needs at least 4");
    }
  }

  @Override
  public String name() {
    return "vector";
  }

  // Broadcasts are written out, not put in a helper: a helper C2 did not inline (it happened in
  // some JVMs, e.g. with a class-data archive) ran every broadcast boxed, and one-window latency
  // doubled (JFR: a third of the samples in the helper).
  // One call site per function, in a loop whose last trip may take the tail of the run (loaded
  // before the loop, from the scratch vector for runs shorter than one): a separate call for the
  // tail would be cold, C2 would not inline it, and a vector method that is not inlined runs the
  // Vector API's slow Java fallback (boxing every vector). A second, inlined call site is no
  // better: it took tanh past C2's node budget for one method (PrintInlining:
  // NodeCountInliningCutoff), and then its broadcasts ran boxed.

  @Override
  public void sigmoid(float[] x, int off, int n) {
    map(true, x, off, x, off, n);
  }

  @Override
  public void tanh(float[] x, int off, int n) {
    map(false, x, off, x, off, n);
  }

  @Override
  public void tanh(float[] src, int srcOff, float[] dst, int dstOff, int n) {
    map(false, src, srcOff, dst, dstOff, n);
  }

  /**
   * dst[dstOff, dstOff + n) = σ (or tanh) of src[srcOff, srcOff + n), in place too. A run that does
   * not end on a whole vector: its last L elements (all of it, zero-padded in the scratch vector, if
   * fewer) are read before the loop writes any, and go through its last trip; a run shorter than
   * one vector is written to the scratch vector and copied back.
   *
   * <p>The whole computation is in this one method, with no helper taking or returning a vector
   * and no vector chosen by a condition: a helper that C2 compiles on its own, before the loop
   * that calls it, sees an abstract FloatVector, and its intrinsics then fall back to Java loops
   * (its compiled code is then too large to inline, and every later call runs the fallback). With
   * such helpers, one recording of the one-window latency (JFR from the JVM's start) ran at 45 µs
   * instead of 21, a quarter of its late samples under tanh's reinterpretAsFloats (convert0); a
   * first form of this method that still chose vectors by conditions had 14% of them inside the
   * Vector API's Java bodies; this form had none in three recordings (AMD Zen 5).
   */
  private static void map(boolean sig, float[] src, int srcOff, float[] dst, int dstOff, int n) {
    if (n <= 0) {
      return;
    }
    float[] last = n % L != 0 ? lastVector(src, srcOff, n) : null;
    for (int i = 0; i < n; i += L) {
      boolean whole = i + L <= n;
      // Which array and where each trip reads and writes are chosen as scalars: a vector chosen
      // by a condition (a phi of two vectors) is what C2 failed to keep in registers.
      FloatVector x = FloatVector.fromArray(S, whole ? src : last, whole ? srcOff + i : 0);
      float[] to = whole || n >= L ? dst : last;
      int at = whole ? dstOff + i : n < L ? 0 : dstOff + n - L;
      FloatVector a = x.abs();
      // e^y for y = −|x| (σ) or −2|x| (tanh); see the class comment
      FloatVector y = a.mul(sig ? -1f : -2f).max(EXP_MIN);
      FloatVector t = y.fma(LOG2E, SHIFTER);
      FloatVector kn = t.sub(SHIFTER); // n as a float, exactly
      FloatVector r =
          kn.fma(FloatVector.broadcast(S, -LN2_LO), kn.fma(FloatVector.broadcast(S, -LN2_HI), y));
      FloatVector p = FloatVector.broadcast(S, 1f / 5040);
      p = p.fma(r, FloatVector.broadcast(S, 1f / 720));
      p = p.fma(r, FloatVector.broadcast(S, 1f / 120));
      p = p.fma(r, FloatVector.broadcast(S, 1f / 24));
      p = p.fma(r, FloatVector.broadcast(S, 1f / 6));
      p = p.fma(r, FloatVector.broadcast(S, 0.5f));
      p = p.fma(r, FloatVector.broadcast(S, 1f));
      p = p.fma(r, FloatVector.broadcast(S, 1f));
      IntVector en = t.reinterpretAsInts().sub(SHIFTER_BITS);
      IntVector n1 = en.lanewise(VectorOperators.ASHR, 1);
      IntVector n2 = en.sub(n1);
      FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
      FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
      FloatVector e = p.mul(s1).mul(s2);
      if (sig) {
        // numerator: e where x is negative (sign bit set), else 1
        IntVector neg = x.reinterpretAsInts().lanewise(VectorOperators.ASHR, 31);
        FloatVector num =
            e.reinterpretAsInts()
                .lanewise(VectorOperators.XOR, ONE_BITS)
                .and(neg)
                .lanewise(VectorOperators.XOR, ONE_BITS)
                .reinterpretAsFloats();
        num.div(e.add(1f)).intoArray(to, at);
      } else {
        // |x| ≥ 0.625: (1 − e^−2|x|) / (1 + e^−2|x|)
        FloatVector large = e.neg().add(1f).div(e.add(1f));
        // |x| < 0.625: |x| + |x|³·Q(x²)
        FloatVector a2 = a.mul(a);
        FloatVector q = FloatVector.broadcast(S, Q6);
        q = q.fma(a2, FloatVector.broadcast(S, Q5));
        q = q.fma(a2, FloatVector.broadcast(S, Q4));
        q = q.fma(a2, FloatVector.broadcast(S, Q3));
        q = q.fma(a2, FloatVector.broadcast(S, Q2));
        q = q.fma(a2, FloatVector.broadcast(S, Q1));
        q = q.fma(a2, FloatVector.broadcast(S, Q0));
        FloatVector small = a.mul(a2).fma(q, a);
        IntVector aBits = a.reinterpretAsInts();
        IntVector isSmall = aBits.sub(TANH_SMALL_BITS).lanewise(VectorOperators.ASHR, 31);
        IntVector lBits = large.reinterpretAsInts();
        IntVector bits =
            lBits.lanewise(VectorOperators.XOR, small.reinterpretAsInts()).and(isSmall);
        bits = bits.lanewise(VectorOperators.XOR, lBits);
        IntVector sign = x.reinterpretAsInts().and(SIGN);
        bits.or(sign).reinterpretAsFloats().intoArray(to, at);
      }
    }
    if (n < L) {
      System.arraycopy(last, 0, dst, dstOff, n);
    }
  }

  @Override
  public void lstmCellForward(float[] g, int row, float[] c, int prev, int next, float[] tc,
      int tcOff, float[] h, int hOff, int hidden) {
    // PlainActivations' operations, L units at a time, the last H mod L units by its loop (one
    // window through the notebook's LSTM spent a tenth of its time in the scalar loops).
    final int H = hidden;
    int j = 0;
    for (; j <= H - L; j += L) {
      FloatVector ig = FloatVector.fromArray(S, g, row + j);
      FloatVector fg = FloatVector.fromArray(S, g, row + H + j);
      FloatVector cg = FloatVector.fromArray(S, g, row + 2 * H + j);
      fg.mul(FloatVector.fromArray(S, c, prev + j)).add(ig.mul(cg)).intoArray(c, next + j);
    }
    PlainActivations.cellState(g, row, c, prev, next, H, j, H);
    tanh(c, next, tc, tcOff, H);
    j = 0;
    for (; j <= H - L; j += L) {
      FloatVector.fromArray(S, g, row + 3 * H + j).mul(FloatVector.fromArray(S, tc, tcOff + j))
          .intoArray(h, hOff + j);
    }
    PlainActivations.cellOutput(g, row, tc, tcOff, h, hOff, H, j, H);
  }

  @Override
  public void lstmCellBackward(float[] g, float[] dG, int row, float[] cPrev, float[] tc,
      float[] dAbove, int hs, float[] dh, float[] dc, int s, int hidden) {
    // PlainActivations' operations in its order, L units at a time (JFR of the batched step on an
    // Intel Xeon: 13% of the samples in the scalar loop this replaces); the last H mod L units by
    // the plain loop itself.
    final int H = hidden;
    int j = 0;
    for (; j <= H - L; j += L) {
      FloatVector one = FloatVector.broadcast(S, 1f);
      FloatVector ig = FloatVector.fromArray(S, g, row + j);
      FloatVector fg = FloatVector.fromArray(S, g, row + H + j);
      FloatVector cg = FloatVector.fromArray(S, g, row + 2 * H + j);
      FloatVector og = FloatVector.fromArray(S, g, row + 3 * H + j);
      FloatVector t = FloatVector.fromArray(S, tc, hs + j);
      FloatVector d =
          FloatVector.fromArray(S, dAbove, hs + j).add(FloatVector.fromArray(S, dh, s + j));
      FloatVector dcj = FloatVector.fromArray(S, dc, s + j).add(d.mul(og).mul(one.sub(t.mul(t))));
      dcj.mul(cg).mul(ig).mul(one.sub(ig)).intoArray(dG, row + j);
      dcj.mul(FloatVector.fromArray(S, cPrev, hs + j)).mul(fg).mul(one.sub(fg))
          .intoArray(dG, row + H + j);
      dcj.mul(ig).mul(one.sub(cg.mul(cg))).intoArray(dG, row + 2 * H + j);
      d.mul(t).mul(og).mul(one.sub(og)).intoArray(dG, row + 3 * H + j);
      dcj.mul(fg).intoArray(dc, s + j);
    }
    PlainActivations.lstmCellBackward(g, dG, row, cPrev, tc, dAbove, hs, dh, dc, s, H, j, H);
  }

  @Override
  public void addRows(float[] src, int off, int ld, int rows, float[] dst, int dstOff, int n) {
    columnSums(src, off, ld, rows, dst, dstOff, -1, n);
  }

  @Override
  public void addRows(float[] src, int off, int ld, int rows, float[] dst, int dstOff,
      int dst2Off, int n) {
    columnSums(src, off, ld, rows, dst, dstOff, dst2Off, n);
  }

  /** Rows that {@link #columnSums} adds up per pass along them. */
  static final int SUM_ROWS = 8;

  /**
   * The column sums of addRows into dst at d1 and, if d2 &ge; 0, at d2, SUM_ROWS rows at a time:
   * each vector of columns adds the block's rows to its partial sums, kept in dst between blocks,
   * so each column is still one chain of additions in row order. Read so, along the rows, the rows
   * stream from memory; read down the columns, 64 at a time over all rows, the 6400 rows of the
   * batched step's gate gradients (4 KB each) took 5 ms for two biases (10 GB/s, AMD Zen 4).
   */
  private static void columnSums(
      float[] src, int off, int ld, int rows, float[] dst, int d1, int d2, int n) {
    int whole = n - n % L;
    for (int r0 = 0; r0 < rows; r0 += SUM_ROWS) {
      int r1 = Math.min(rows, r0 + SUM_ROWS);
      for (int j = 0; j < whole; j += L) {
        FloatVector s = FloatVector.fromArray(S, dst, d1 + j);
        if (d2 < 0) {
          for (int r = r0; r < r1; r++) {
            s = s.add(FloatVector.fromArray(S, src, off + r * ld + j));
          }
        } else {
          FloatVector s2 = FloatVector.fromArray(S, dst, d2 + j);
          for (int r = r0; r < r1; r++) {
            FloatVector x = FloatVector.fromArray(S, src, off + r * ld + j);
            s = s.add(x);
            s2 = s2.add(x);
          }
          s2.intoArray(dst, d2 + j);
        }
        s.intoArray(dst, d1 + j);
      }
      int from = off + r0 * ld;
      PlainActivations.columnSums(src, from, ld, r1 - r0, dst, d1, whole, n);
      if (d2 >= 0) {
        PlainActivations.columnSums(src, from, ld, r1 - r0, dst, d2, whole, n);
      }
    }
  }

  /**
   * The per-thread scratch vector holding src's last L elements before srcOff + n, or, when n &lt;
   * L, its n elements and zeros.
   */
  private static float[] lastVector(float[] src, int srcOff, int n) {
    float[] t = TAIL.get();
    if (n >= L) {
      System.arraycopy(src, srcOff + n - L, t, 0, L);
    } else {
      System.arraycopy(src, srcOff, t, 0, n);
      Arrays.fill(t, n, L, 0f);
    }
    return t;
  }
}
