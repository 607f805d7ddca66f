package org.lstmlab.core.nn;

import java.util.SplittableRandom;
import org.lstmlab.core.kernel.Kernels;
import org.lstmlab.core.kernel.MatMul;

/**
 * A fully connected layer {@code y = x·Wᵀ + b}, PyTorch's {@code nn.Linear}: weight (O, In), bias
 * (O). Rows are independent samples: x (N, In) → y (N, O).
 *
 * <p>Forward and backward work on caller-owned buffers with offsets and keep no cache: backward is
 * given the same input that forward saw. Backward accumulates into {@link Parameters#grad()}.
 */
public final class Linear {

  private final int in; // In
  private final int out; // O
  private final int w; // offset of weight (O, In)
  private final int b; // offset of bias (O)
  private final MatMul mm = Kernels.matMul();
  private Parameters params;

  Linear(int in, int out, Parameters.Builder builder, String prefix) {
    this.in = Checks.requirePositive("in", in);
    this.out = Checks.requirePositive("out", out);
    this.w = builder.add(prefix + "weight", out, in);
    this.b = builder.add(prefix + "bias", out);
  }

  void bind(Parameters p, long seed) {
    this.params = p;
    resetParameters(seed);
  }

  /** Takes its tensors' values as they are in {@code p} (a copy's), without initialising them. */
  void attach(Parameters p) {
    this.params = p;
  }

  /**
   * PyTorch's default initialisation: kaiming_uniform(a=√5) for the weight, which is
   * uniform(−1/√In, 1/√In), and the same bound for the bias.
   */
  public void resetParameters(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double bound = 1.0 / Math.sqrt(in);
    Recurrent.fillUniform(rng, bound, params.data(), w, out * in);
    Recurrent.fillUniform(rng, bound, params.data(), b, out);
  }

  /** In: input features. */
  public int inputSize() {
    return in;
  }

  /** O: output features. */
  public int outputSize() {
    return out;
  }

  /** y (N, O) at yOff = x (N, In) at xOff · Wᵀ + b. */
  void forward(float[] x, int xOff, int n, float[] y, int yOff) {
    float[] d = params.data();
    mm.gemm(false, true, n, out, in, x, xOff, in, d, w, in, 0f, y, yOff, out);
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < out; j++) {
        y[yOff + r * out + j] += d[b + j];
      }
    }
  }

  /**
   * Accumulates dW += dyᵀ·x and db += Σ dy, and writes dx = dy·W if {@code dx} is not null.
   *
   * @param x (N, In) the input forward saw
   * @param dy (N, O) gradient of the loss with respect to y
   * @param dx (N, In) receives the gradient with respect to x (overwritten), or null
   */
  void backward(float[] x, int xOff, int n, float[] dy, int dyOff, float[] dx, int dxOff) {
    float[] g = params.gradForBackward();
    mm.gemm(true, false, out, in, n, dy, dyOff, out, x, xOff, in, 1f, g, w, in);
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < out; j++) {
        g[b + j] += dy[dyOff + r * out + j];
      }
    }
    if (dx != null) {
      mm.gemm(false, false, n, in, out, dy, dyOff, out, params.data(), w, in, 0f, dx, dxOff, in);
    }
  }
}
