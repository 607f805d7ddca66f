package org.lstmlab.core.train;

import java.util.Arrays;

/**
 * What a {@link Trainer} or {@link TruncatedBptt} run did: the loss curves, the best epoch, why it
 * stopped. Immutable.
 *
 * <p>Epochs are counted from 1; the arrays hold one entry per completed epoch, index e − 1 for
 * epoch e. A run cancelled or diverged part-way through an epoch does not record that epoch.
 */
public final class TrainingResult {
  private final double[] trainLoss;
  private final double[] validationLoss;
  private final int bestEpoch;
  private final StopReason stopReason;
  private final String message;
  private final long elapsedMillis;
  private final long steps;

  /**
   * The result of a loop's run; {@code bestEpoch} 0 if there were no validation windows. Public
   * for trainers outside this package that drive their own epochs (the Spark module's averaging).
   */
  public TrainingResult(TrainingLoop.Outcome o, int bestEpoch) {
    this.trainLoss = o.trainLoss().clone();
    this.validationLoss = o.heldOutLoss().clone();
    this.bestEpoch = bestEpoch;
    this.stopReason = o.reason();
    this.message = o.message();
    this.elapsedMillis = o.elapsedMillis();
    this.steps = o.steps();
  }

  /** Completed epochs. */
  public int epochs() {
    return trainLoss.length;
  }

  /** Mean training loss of each completed epoch (a copy). */
  public double[] trainLoss() {
    return trainLoss.clone();
  }

  /** Validation loss after each completed epoch, NaN without validation windows (a copy). */
  public double[] validationLoss() {
    return validationLoss.clone();
  }

  /**
   * The epoch with the lowest validation loss (the first, on ties), from 1; 0 without validation
   * windows or if no epoch completed. With early stopping on, the model holds this epoch's
   * parameters at the end.
   */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** Why the run ended. */
  public StopReason stopReason() {
    return stopReason;
  }

  /** One line saying how the run ended, as {@link TrainingListener#onStop} received it. */
  public String message() {
    return message;
  }

  /** Whether the run stopped because training diverged. */
  public boolean diverged() {
    return stopReason == StopReason.DIVERGED;
  }

  /** Wall time of the run in milliseconds; the one field that differs between identical runs. */
  public long elapsedMillis() {
    return elapsedMillis;
  }

  /** Optimizer steps taken (batches applied). */
  public long steps() {
    return steps;
  }

  @Override
  public String toString() {
    return "TrainingResult{epochs=" + epochs() + ", trainLoss=" + Arrays.toString(trainLoss)
        + ", validationLoss=" + Arrays.toString(validationLoss) + ", bestEpoch=" + bestEpoch
        + ", stopReason=" + stopReason + ", message='" + message + "', elapsedMillis="
        + elapsedMillis + ", steps=" + steps + "}";
  }
}
