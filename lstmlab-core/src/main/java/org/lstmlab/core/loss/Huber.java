package org.lstmlab.core.loss;

/**
 * The Huber loss, quadratic near the target and linear far from it, as PyTorch's
 * {@code huber_loss(pred, target, delta=δ)}.
 *
 * <p>With {@code d = pred_i − target_i} the elementwise term is {@code ½ d²} for {@code |d| < δ}
 * and {@code δ (|d| − ½ δ)} otherwise; its derivative is {@code d} clipped to {@code [−δ, δ]}. Both
 * pieces meet with equal value and slope at {@code |d| = δ}, so the choice there does not matter.
 * The loss is the mean over all elements. It grows like MSE for small errors and like δ·MAE for
 * large ones, so outliers pull the model with a bounded force [Huber 1964, "Robust Estimation of a
 * Location Parameter"].
 *
 * <p>Note that PyTorch's {@code smooth_l1_loss} with {@code beta = δ} equals this loss divided by
 * δ; this class is {@code huber_loss}.
 */
public final class Huber implements Loss {

  /** The name {@link Losses#byName} knows this loss by. */
  public static final String NAME = "huber";

  /** PyTorch's default δ, the error beyond which the loss turns linear. */
  public static final double DEFAULT_DELTA = 1.0;

  /** δ: the absolute error at which the quadratic part turns linear; > 0. */
  private final double delta;

  /** The Huber loss with δ = {@value #DEFAULT_DELTA}. */
  public Huber() {
    this(DEFAULT_DELTA);
  }

  /**
   * The Huber loss with the given δ.
   *
   * @throws IllegalArgumentException unless {@code delta} is finite and > 0
   */
  public Huber(double delta) {
    if (!(delta > 0 && Double.isFinite(delta))) {
      throw new IllegalArgumentException("delta must be finite and > 0, got " + delta);
    }
    this.delta = delta;
  }

  /** δ, the absolute error at which the loss turns linear. */
  public double delta() {
    return delta;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double value(float[] pred, float[] target) {
    int n = LossChecks.requirePair(pred, target);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += term((double) pred[i] - target[i]);
    }
    return sum / n;
  }

  @Override
  public double gradient(float[] pred, float[] target, float[] dPred) {
    int n = LossChecks.requireTriple(pred, target, dPred);
    double scale = 1.0 / n;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double d = (double) pred[i] - target[i];
      sum += term(d);
      dPred[i] = (float) (scale * Math.max(-delta, Math.min(delta, d)));
    }
    return sum / n;
  }

  /** The elementwise term for the difference {@code d}. */
  private double term(double d) {
    double z = Math.abs(d);
    return z < delta ? 0.5 * z * z : delta * (z - 0.5 * delta);
  }

  @Override
  public String toString() {
    return NAME + "(delta=" + delta + ")";
  }
}
