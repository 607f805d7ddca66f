package org.lstmlab.core.lags;

/**
 * A model's (or a baseline's) score on a set of sequences.
 *
 * @param loss the task's loss: mean squared error for the adding problem, mean softmax
 *     cross-entropy (nats) for the classification tasks
 * @param accuracy the fraction of correctly classified targets, or NaN for the adding problem
 */
public record Score(double loss, double accuracy) {

  /** Whether this score has an accuracy (classification tasks). */
  public boolean hasAccuracy() {
    return !Double.isNaN(accuracy);
  }
}
