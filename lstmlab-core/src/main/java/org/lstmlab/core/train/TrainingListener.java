package org.lstmlab.core.train;

/**
 * Hears how a {@link Trainer} run progresses: the CLI prints from it, the web app streams from it.
 *
 * <p>Order of calls in a run: for each epoch, {@link #onBatchEnd} once per batch, then {@link
 * #onEpochEnd}; finally {@link #onStop} exactly once, whatever the reason. Epochs and batches are
 * counted from 1, as printed. All calls come from the training thread, which waits for them: keep
 * them short, and hand work to another thread if it is slow. A listener must not change the
 * model's parameters.
 */
@FunctionalInterface
public interface TrainingListener {

  /** A listener that does nothing. */
  TrainingListener NONE = (epoch, trainLoss, validationLoss, lr, elapsedMillis) -> {};

  /**
   * Called after each completed epoch.
   *
   * @param epoch the epoch just finished, from 1
   * @param trainLoss the mean loss over the epoch's training windows, as seen while training
   *     (with dropout, before each batch's update)
   * @param validationLoss the loss on the validation windows after the epoch, without dropout; NaN
   *     if there are none
   * @param lr the learning rate the epoch used
   * @param elapsedMillis wall time since the run started
   */
  void onEpochEnd(
      int epoch, double trainLoss, double validationLoss, double lr, long elapsedMillis);

  /**
   * Called after each batch's update.
   *
   * @param epoch the current epoch, from 1
   * @param batch the batch just applied, from 1
   * @param batches batches per epoch
   * @param loss the batch's loss
   */
  default void onBatchEnd(int epoch, int batch, int batches, double loss) {}

  /**
   * Called once when the run ends, after the final parameters are in place.
   *
   * @param reason why the run ended
   * @param message one line for a person, e.g. {@code "training diverged at epoch 3, batch 17:
   *     loss is NaN; try a lower --lr"}
   */
  default void onStop(StopReason reason, String message) {}
}
