package org.lstmlab.core.kernel;

/**
 * Scalar activation functions with the derivative forms the backward passes use.
 *
 * <p>Computed in double and rounded once, so that they agree with PyTorch's float results to
 * within one or two units in the last place.
 */
public final class Activations {
  private Activations() {}

  /** The logistic function 1 / (1 + e^(−x)), written to avoid overflow for large |x|. */
  public static float sigmoid(float x) {
    if (x >= 0) {
      return (float) (1.0 / (1.0 + Math.exp(-x)));
    }
    double e = Math.exp(x);
    return (float) (e / (1.0 + e));
  }

  /** The hyperbolic tangent. */
  public static float tanh(float x) {
    return (float) Math.tanh(x);
  }

  /** max(0, x). */
  public static float relu(float x) {
    return x > 0 ? x : 0f;
  }
}
