package org.lstmlab.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link NormKernel} on the JDK Vector API. The sum of squares runs in float over blocks of
 * {@value #BLOCK} elements (four accumulators of L lanes, so each lane adds at most BLOCK / 4L
 * squares: a relative error of a few float ulps per block) and adds the blocks' sums in double. A
 * block whose float sum is not finite, because a square overflowed float or an element is not
 * finite, is summed again in double, so finite gradients as large as 1e19 and beyond still give
 * their finite norm. The finiteness test adds x − x over all elements: 0 for finite x, NaN for NaN
 * and ±∞.
 *
 * <p>Loaded only by {@link Kernels}, by reflection, like {@link VectorMatMul}.
 */
final class VectorNorms implements NormKernel {

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Elements per float partial sum. */
  static final int BLOCK = 1024;

  VectorNorms() {
    if (L < 4) {
      throw new UnsupportedOperationException("preferred float vector has " + L + " lanes");
    }
  }

  @Override
  public double sumOfSquares(float[] x, int off, int n) {
    double total = 0;
    int end = off + n;
    for (int b = off; b < end; b += BLOCK) {
      int blockEnd = Math.min(end, b + BLOCK);
      float s = blockSum(x, b, blockEnd);
      total += Float.isFinite(s) ? s : PlainNorms.INSTANCE.sumOfSquares(x, b, blockEnd - b);
    }
    return total;
  }

  private static float blockSum(float[] x, int from, int to) {
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = FloatVector.zero(S);
    FloatVector a2 = FloatVector.zero(S);
    FloatVector a3 = FloatVector.zero(S);
    int i = from;
    for (; i + 4 * L <= to; i += 4 * L) {
      FloatVector v0 = FloatVector.fromArray(S, x, i);
      FloatVector v1 = FloatVector.fromArray(S, x, i + L);
      FloatVector v2 = FloatVector.fromArray(S, x, i + 2 * L);
      FloatVector v3 = FloatVector.fromArray(S, x, i + 3 * L);
      a0 = v0.fma(v0, a0);
      a1 = v1.fma(v1, a1);
      a2 = v2.fma(v2, a2);
      a3 = v3.fma(v3, a3);
    }
    for (; i + L <= to; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, i);
      a0 = v.fma(v, a0);
    }
    float s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
    for (; i < to; i++) {
      s = Math.fma(x[i], x[i], s);
    }
    return s;
  }

  @Override
  public boolean allFinite(float[] x, int off, int n) {
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = FloatVector.zero(S);
    int i = off;
    int end = off + n;
    for (; i + 2 * L <= end; i += 2 * L) {
      FloatVector v0 = FloatVector.fromArray(S, x, i);
      FloatVector v1 = FloatVector.fromArray(S, x, i + L);
      a0 = a0.add(v0.sub(v0));
      a1 = a1.add(v1.sub(v1));
    }
    if (a0.add(a1).reduceLanes(VectorOperators.ADD) != 0f) {
      return false;
    }
    for (; i < end; i++) {
      if (!Float.isFinite(x[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String name() {
    return "vector";
  }
}
