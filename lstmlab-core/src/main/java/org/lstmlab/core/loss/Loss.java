package org.lstmlab.core.loss;

/**
 * A scalar training loss between a prediction and a target of the same length, with its gradient.
 *
 * <p>Both arrays are flattened tensors; the loss is the mean of an elementwise term over all
 * {@code n = pred.length} elements, as PyTorch's default {@code reduction='mean'}. Sums are
 * accumulated in double and divided by {@code n} once.
 *
 * <p>Lifecycle: stateless and thread-safe. In a training step, call {@link #gradient} once on the
 * model's output; it both returns the loss and writes {@code dL/dpred}, which the model's backward
 * pass then consumes. Use {@link #value} where no gradient is needed (validation, metrics).
 */
public interface Loss {

  /**
   * The loss's name as {@link Losses#byName} accepts it: {@code mse}, {@code mae} or
   * {@code huber}.
   */
  String name();

  /**
   * The loss, the mean of the elementwise term over all elements.
   *
   * @param pred the prediction, n elements
   * @param target the target, n elements
   * @throws IllegalArgumentException if an array is null, empty or of a different length
   */
  double value(float[] pred, float[] target);

  /**
   * Writes {@code dL/dpred} into {@code dPred} and returns the loss.
   *
   * <p>{@code dPred} is overwritten, not accumulated into: the loss is the head of the backward
   * chain, so there is nothing before it to add to.
   *
   * @param pred the prediction, n elements
   * @param target the target, n elements
   * @param dPred receives the gradient, n elements
   * @return the loss, as {@link #value} would return it
   * @throws IllegalArgumentException if an array is null, empty or of a different length
   */
  double gradient(float[] pred, float[] target, float[] dPred);
}
