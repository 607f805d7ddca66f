package org.lstmlab.core.loss;

/**
 * Mean absolute error, {@code L = (1/n) Σ |pred_i − target_i|}, as PyTorch's {@code l1_loss}.
 *
 * <p>Gradient: {@code dL/dpred_i = sign(pred_i − target_i) / n} with {@code sign(0) = 0}, the
 * subgradient PyTorch picks at the kink, so an element already on target receives no gradient.
 */
public final class Mae implements Loss {

  /** The name {@link Losses#byName} knows this loss by. */
  public static final String NAME = "mae";

  /** Creates the loss; it has no hyperparameters. */
  public Mae() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double value(float[] pred, float[] target) {
    int n = LossChecks.requirePair(pred, target);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += Math.abs((double) pred[i] - target[i]);
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
      sum += Math.abs(d);
      dPred[i] = (float) (scale * Math.signum(d)); // signum(0) = 0: on target, no pull
    }
    return sum / n;
  }

  @Override
  public String toString() {
    return NAME;
  }
}
