package org.lstmlab.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * A 16 × 16 block of floats transposed in registers, for {@link VectorMatMul}'s packing of
 * op(B) = Bᵀ on 16 lanes: 16 row loads, four rounds of lane moves and blends, 16 stores, where
 * the gathers it replaces load each element on its own (W_hhᵀ of the notebook's LSTM, 100 × 400,
 * packed in 8.2–9.1 µs instead of 13.5–14.2, AMD Zen 5). Round d (8, 4, 2, 1) swaps, between
 * rows r and r + d, the blocks of d lanes that sit on the wrong side of the diagonal: row r
 * keeps its even blocks and takes row r + d's even blocks moved d lanes up; row r + d keeps its
 * odd blocks and takes row r's odd blocks moved d lanes down. Loaded only through VectorMatMul.
 */
final class VectorTranspose {

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  /** Whether the preferred species has the 16 lanes the block needs (AVX-512). */
  static final boolean AVAILABLE = S.length() == 16;

  private static final VectorShuffle<Float> R8 = up(8);
  private static final VectorShuffle<Float> R4 = up(4);
  private static final VectorShuffle<Float> R2 = up(2);
  private static final VectorShuffle<Float> R1 = up(1);
  private static final VectorShuffle<Float> L8 = down(8);
  private static final VectorShuffle<Float> L4 = down(4);
  private static final VectorShuffle<Float> L2 = down(2);
  private static final VectorShuffle<Float> L1 = down(1);
  // lanes of the odd blocks of d lanes
  private static final VectorMask<Float> M8 = AVAILABLE ? VectorMask.fromLong(S, 0xFF00L) : null;
  private static final VectorMask<Float> M4 = AVAILABLE ? VectorMask.fromLong(S, 0xF0F0L) : null;
  private static final VectorMask<Float> M2 = AVAILABLE ? VectorMask.fromLong(S, 0xCCCCL) : null;
  private static final VectorMask<Float> M1 = AVAILABLE ? VectorMask.fromLong(S, 0xAAAAL) : null;

  private VectorTranspose() {}

  /** Lane l takes lane l − d (mod 16): blocks move d lanes up. */
  private static VectorShuffle<Float> up(int d) {
    return AVAILABLE ? VectorShuffle.fromOp(S, l -> (l - d) & 15) : null;
  }

  /** Lane l takes lane l + d (mod 16). */
  private static VectorShuffle<Float> down(int d) {
    return AVAILABLE ? VectorShuffle.fromOp(S, l -> (l + d) & 15) : null;
  }

  /**
   * dst[d + c·ds + r] = b[src + r·ldb + c] for r, c &lt; 16: 16 rows of b, 16 floats each, become
   * 16 rows of dst, by way of t[0, 256), the caller's scratch. Only when {@link #AVAILABLE}.
   *
   * <p>Two halves of two rounds each, through t: one method doing all four rounds (16 loads, 64
   * lane moves, 64 blends, 16 stores) was more than C2 inlined whole in every compilation, and in
   * one JFR recording of the notebook's training its stores ran the Vector API's Java fallback,
   * doubling the time of a window.
   */
  static void block(float[] b, int src, int ldb, float[] dst, int d, int ds, float[] t) {
    firstHalf(b, src, ldb, t);
    secondHalf(t, dst, d, ds);
  }

  /** Rounds 8 and 4: the rows of b at src, ldb apart, into t. */
  private static void firstHalf(float[] b, int src, int ldb, float[] t) {
    FloatVector v0 = FloatVector.fromArray(S, b, src);
    FloatVector v1 = FloatVector.fromArray(S, b, src + ldb);
    FloatVector v2 = FloatVector.fromArray(S, b, src + 2 * ldb);
    FloatVector v3 = FloatVector.fromArray(S, b, src + 3 * ldb);
    FloatVector v4 = FloatVector.fromArray(S, b, src + 4 * ldb);
    FloatVector v5 = FloatVector.fromArray(S, b, src + 5 * ldb);
    FloatVector v6 = FloatVector.fromArray(S, b, src + 6 * ldb);
    FloatVector v7 = FloatVector.fromArray(S, b, src + 7 * ldb);
    FloatVector v8 = FloatVector.fromArray(S, b, src + 8 * ldb);
    FloatVector v9 = FloatVector.fromArray(S, b, src + 9 * ldb);
    FloatVector va = FloatVector.fromArray(S, b, src + 10 * ldb);
    FloatVector vb = FloatVector.fromArray(S, b, src + 11 * ldb);
    FloatVector vc = FloatVector.fromArray(S, b, src + 12 * ldb);
    FloatVector vd = FloatVector.fromArray(S, b, src + 13 * ldb);
    FloatVector ve = FloatVector.fromArray(S, b, src + 14 * ldb);
    FloatVector vf = FloatVector.fromArray(S, b, src + 15 * ldb);
    FloatVector t0;
    t0 = v0.blend(v8.rearrange(R8), M8);
    v8 = v0.rearrange(L8).blend(v8, M8);
    v0 = t0;
    t0 = v1.blend(v9.rearrange(R8), M8);
    v9 = v1.rearrange(L8).blend(v9, M8);
    v1 = t0;
    t0 = v2.blend(va.rearrange(R8), M8);
    va = v2.rearrange(L8).blend(va, M8);
    v2 = t0;
    t0 = v3.blend(vb.rearrange(R8), M8);
    vb = v3.rearrange(L8).blend(vb, M8);
    v3 = t0;
    t0 = v4.blend(vc.rearrange(R8), M8);
    vc = v4.rearrange(L8).blend(vc, M8);
    v4 = t0;
    t0 = v5.blend(vd.rearrange(R8), M8);
    vd = v5.rearrange(L8).blend(vd, M8);
    v5 = t0;
    t0 = v6.blend(ve.rearrange(R8), M8);
    ve = v6.rearrange(L8).blend(ve, M8);
    v6 = t0;
    t0 = v7.blend(vf.rearrange(R8), M8);
    vf = v7.rearrange(L8).blend(vf, M8);
    v7 = t0;
    t0 = v0.blend(v4.rearrange(R4), M4);
    v4 = v0.rearrange(L4).blend(v4, M4);
    v0 = t0;
    t0 = v1.blend(v5.rearrange(R4), M4);
    v5 = v1.rearrange(L4).blend(v5, M4);
    v1 = t0;
    t0 = v2.blend(v6.rearrange(R4), M4);
    v6 = v2.rearrange(L4).blend(v6, M4);
    v2 = t0;
    t0 = v3.blend(v7.rearrange(R4), M4);
    v7 = v3.rearrange(L4).blend(v7, M4);
    v3 = t0;
    t0 = v8.blend(vc.rearrange(R4), M4);
    vc = v8.rearrange(L4).blend(vc, M4);
    v8 = t0;
    t0 = v9.blend(vd.rearrange(R4), M4);
    vd = v9.rearrange(L4).blend(vd, M4);
    v9 = t0;
    t0 = va.blend(ve.rearrange(R4), M4);
    ve = va.rearrange(L4).blend(ve, M4);
    va = t0;
    t0 = vb.blend(vf.rearrange(R4), M4);
    vf = vb.rearrange(L4).blend(vf, M4);
    vb = t0;
    v0.intoArray(t, 0);
    v1.intoArray(t, 16);
    v2.intoArray(t, 2 * 16);
    v3.intoArray(t, 3 * 16);
    v4.intoArray(t, 4 * 16);
    v5.intoArray(t, 5 * 16);
    v6.intoArray(t, 6 * 16);
    v7.intoArray(t, 7 * 16);
    v8.intoArray(t, 8 * 16);
    v9.intoArray(t, 9 * 16);
    va.intoArray(t, 10 * 16);
    vb.intoArray(t, 11 * 16);
    vc.intoArray(t, 12 * 16);
    vd.intoArray(t, 13 * 16);
    ve.intoArray(t, 14 * 16);
    vf.intoArray(t, 15 * 16);
  }

  /** Rounds 2 and 1: t into the rows of dst at d, ds apart. */
  private static void secondHalf(float[] t, float[] dst, int d, int ds) {
    FloatVector v0 = FloatVector.fromArray(S, t, 0);
    FloatVector v1 = FloatVector.fromArray(S, t, 16);
    FloatVector v2 = FloatVector.fromArray(S, t, 2 * 16);
    FloatVector v3 = FloatVector.fromArray(S, t, 3 * 16);
    FloatVector v4 = FloatVector.fromArray(S, t, 4 * 16);
    FloatVector v5 = FloatVector.fromArray(S, t, 5 * 16);
    FloatVector v6 = FloatVector.fromArray(S, t, 6 * 16);
    FloatVector v7 = FloatVector.fromArray(S, t, 7 * 16);
    FloatVector v8 = FloatVector.fromArray(S, t, 8 * 16);
    FloatVector v9 = FloatVector.fromArray(S, t, 9 * 16);
    FloatVector va = FloatVector.fromArray(S, t, 10 * 16);
    FloatVector vb = FloatVector.fromArray(S, t, 11 * 16);
    FloatVector vc = FloatVector.fromArray(S, t, 12 * 16);
    FloatVector vd = FloatVector.fromArray(S, t, 13 * 16);
    FloatVector ve = FloatVector.fromArray(S, t, 14 * 16);
    FloatVector vf = FloatVector.fromArray(S, t, 15 * 16);
    FloatVector t0;
    t0 = v0.blend(v2.rearrange(R2), M2);
    v2 = v0.rearrange(L2).blend(v2, M2);
    v0 = t0;
    t0 = v1.blend(v3.rearrange(R2), M2);
    v3 = v1.rearrange(L2).blend(v3, M2);
    v1 = t0;
    t0 = v4.blend(v6.rearrange(R2), M2);
    v6 = v4.rearrange(L2).blend(v6, M2);
    v4 = t0;
    t0 = v5.blend(v7.rearrange(R2), M2);
    v7 = v5.rearrange(L2).blend(v7, M2);
    v5 = t0;
    t0 = v8.blend(va.rearrange(R2), M2);
    va = v8.rearrange(L2).blend(va, M2);
    v8 = t0;
    t0 = v9.blend(vb.rearrange(R2), M2);
    vb = v9.rearrange(L2).blend(vb, M2);
    v9 = t0;
    t0 = vc.blend(ve.rearrange(R2), M2);
    ve = vc.rearrange(L2).blend(ve, M2);
    vc = t0;
    t0 = vd.blend(vf.rearrange(R2), M2);
    vf = vd.rearrange(L2).blend(vf, M2);
    vd = t0;
    t0 = v0.blend(v1.rearrange(R1), M1);
    v1 = v0.rearrange(L1).blend(v1, M1);
    v0 = t0;
    t0 = v2.blend(v3.rearrange(R1), M1);
    v3 = v2.rearrange(L1).blend(v3, M1);
    v2 = t0;
    t0 = v4.blend(v5.rearrange(R1), M1);
    v5 = v4.rearrange(L1).blend(v5, M1);
    v4 = t0;
    t0 = v6.blend(v7.rearrange(R1), M1);
    v7 = v6.rearrange(L1).blend(v7, M1);
    v6 = t0;
    t0 = v8.blend(v9.rearrange(R1), M1);
    v9 = v8.rearrange(L1).blend(v9, M1);
    v8 = t0;
    t0 = va.blend(vb.rearrange(R1), M1);
    vb = va.rearrange(L1).blend(vb, M1);
    va = t0;
    t0 = vc.blend(vd.rearrange(R1), M1);
    vd = vc.rearrange(L1).blend(vd, M1);
    vc = t0;
    t0 = ve.blend(vf.rearrange(R1), M1);
    vf = ve.rearrange(L1).blend(vf, M1);
    ve = t0;
    v0.intoArray(dst, d);
    v1.intoArray(dst, d + ds);
    v2.intoArray(dst, d + 2 * ds);
    v3.intoArray(dst, d + 3 * ds);
    v4.intoArray(dst, d + 4 * ds);
    v5.intoArray(dst, d + 5 * ds);
    v6.intoArray(dst, d + 6 * ds);
    v7.intoArray(dst, d + 7 * ds);
    v8.intoArray(dst, d + 8 * ds);
    v9.intoArray(dst, d + 9 * ds);
    va.intoArray(dst, d + 10 * ds);
    vb.intoArray(dst, d + 11 * ds);
    vc.intoArray(dst, d + 12 * ds);
    vd.intoArray(dst, d + 13 * ds);
    ve.intoArray(dst, d + 14 * ds);
    vf.intoArray(dst, d + 15 * ds);
  }
}
