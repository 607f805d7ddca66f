package org.lstmlab.core.kernel;

/** The reference {@link NormKernel}: one pass in double, element by element. */
public final class PlainNorms implements NormKernel {

  public static final PlainNorms INSTANCE = new PlainNorms();

  private PlainNorms() {}

  @Override
  public double sumOfSquares(float[] x, int off, int n) {
    double s = 0;
    for (int i = off; i < off + n; i++) {
      s += (double) x[i] * x[i];
    }
    return s;
  }

  @Override
  public boolean allFinite(float[] x, int off, int n) {
    for (int i = off; i < off + n; i++) {
      if (!Float.isFinite(x[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String name() {
    return "plain";
  }
}
