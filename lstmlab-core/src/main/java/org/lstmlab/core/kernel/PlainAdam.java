package org.lstmlab.core.kernel;

/**
 * The reference {@link AdamKernel}: each element in double, rounded to float once per stored
 * value. Also the only one in the double-precision twin.
 */
public final class PlainAdam implements AdamKernel {

  /** The shared instance; the class has no state. */
  public static final PlainAdam INSTANCE = new PlainAdam();

  private PlainAdam() {}

  @Override
  public void update(
      float[] w,
      float[] g,
      float[] m,
      float[] v,
      float[] vMax,
      int from,
      int to,
      double beta1,
      double beta2,
      double stepSize,
      double bias2Sqrt,
      double eps,
      double l2,
      double shrink) {
    for (int i = from; i < to; i++) {
      double wi = w[i];
      double gi = g[i] + l2 * wi;
      float mi = (float) (beta1 * m[i] + (1 - beta1) * gi);
      float vi = (float) (beta2 * v[i] + (1 - beta2) * gi * gi);
      m[i] = mi;
      v[i] = vi;
      if (vMax != null) {
        vi = Math.max(vMax[i], vi);
        vMax[i] = vi;
      }
      double denom = Math.sqrt(vi) / bias2Sqrt + eps;
      w[i] = (float) (wi * shrink - stepSize * mi / denom);
    }
  }

  @Override
  public String name() {
    return "plain";
  }
}
