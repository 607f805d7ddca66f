package org.lstmlab.core.kernel;

/**
 * The reference {@link ActivationKernel}: a loop over the scalar {@link Activations}, computed in
 * double and rounded once. Also the only one in the double-precision twin.
 */
public final class PlainActivations implements ActivationKernel {

  /** The shared instance; the class has no state. */
  public static final PlainActivations INSTANCE = new PlainActivations();

  private PlainActivations() {}

  @Override
  public void sigmoid(float[] x, int off, int n) {
    for (int i = off; i < off + n; i++) {
      x[i] = Activations.sigmoid(x[i]);
    }
  }

  @Override
  public void tanh(float[] x, int off, int n) {
    tanh(x, off, x, off, n);
  }

  @Override
  public void tanh(float[] src, int srcOff, float[] dst, int dstOff, int n) {
    for (int i = 0; i < n; i++) {
      dst[dstOff + i] = Activations.tanh(src[srcOff + i]);
    }
  }

  @Override
  public String name() {
    return "plain";
  }
}
