package org.lstmlab.core.loss;

/**
 * Mean squared error, {@code L = (1/n) Σ (pred_i − target_i)²}, as PyTorch's {@code mse_loss}.
 *
 * <p>Gradient: {@code dL/dpred_i = 2 (pred_i − target_i) / n}. Stateless; one shared instance would
 * do, but construction is free.
 */
public final class Mse implements Loss {

  /** The name {@link Losses#byName} knows this loss by. */
  public static final String NAME = "mse";

  /** Creates the loss; it has no hyperparameters. */
  public Mse() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double value(float[] pred, float[] target) {
    int n = LossChecks.requirePair(pred, target);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double d = (double) pred[i] - target[i];
      sum += d * d;
    }
    return sum / n;
  }

  @Override
  public double gradient(float[] pred, float[] target, float[] dPred) {
    int n = LossChecks.requireTriple(pred, target, dPred);
    double scale = 2.0 / n;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double d = (double) pred[i] - target[i];
      sum += d * d;
      dPred[i] = (float) (scale * d);
    }
    return sum / n;
  }

  @Override
  public String toString() {
    return NAME;
  }
}
