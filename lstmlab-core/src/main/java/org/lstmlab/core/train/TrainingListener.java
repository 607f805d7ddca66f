package org.lstmlab.core.train;

import java.util.function.Consumer;

/**
 * Hears how a training run progresses, whichever kind: a {@link Trainer} run, a {@link
 * TruncatedBptt} run or a long-time-lag experiment ({@code org.lstmlab.core.lags.Experiment}). The
 * CLI prints from it, the web app streams from it. All three run in {@link TrainingLoop}, which
 * makes these calls.
 *
 * <p>Order of calls in a run: for each period, {@link #onBatchEnd} once per step applied, then
 * {@link #onEpochEnd}; finally {@link #onStop} exactly once, whatever the reason. A period is an
 * epoch of the Trainer, a pass over the sequences of truncated BPTT, or the steps between two
 * evaluations of an experiment, which also calls {@link #onEvaluation} at step 0 and after each
 * period (before {@link #onEpochEnd}). Periods and steps are counted from 1, as printed. All calls
 * come from the training thread, which waits for them: keep them short, and hand work to another
 * thread if it is slow. A listener must not change the model's parameters; to stop a run, use the
 * cancellation flag the run was given, not an exception.
 */
@FunctionalInterface
public interface TrainingListener {

  /** A listener that does nothing. */
  TrainingListener NONE = (epoch, trainLoss, validationLoss, lr, elapsedMillis) -> {};

  /** A listener that hears only the evaluations, e.g. {@code evaluations(e -> print(e))}. */
  static TrainingListener evaluations(Consumer<Evaluation> consumer) {
    return new TrainingListener() {
      @Override
      public void onEpochEnd(int epoch, double trainLoss, double validationLoss, double lr,
          long elapsedMillis) {}

      @Override
      public void onEvaluation(Evaluation evaluation) {
        consumer.accept(evaluation);
      }
    };
  }

  /**
   * Called after each completed period (epoch).
   *
   * @param epoch the period just finished, from 1
   * @param trainLoss the mean loss over the period's training batches, as seen while training
   *     (with dropout, before each batch's update), weighted by windows (Trainer) or steps per
   *     chunk (truncated BPTT)
   * @param validationLoss the loss on the validation windows (Trainer) or the held-out set
   *     (experiment) after the period, without dropout; NaN if there are none
   * @param lr the learning rate the period used
   * @param elapsedMillis wall time since the run started
   */
  void onEpochEnd(
      int epoch, double trainLoss, double validationLoss, double lr, long elapsedMillis);

  /**
   * Called after each step's update.
   *
   * @param epoch the current period, from 1
   * @param batch the step just applied within the period, from 1
   * @param batches steps in this period
   * @param loss the step's loss
   */
  default void onBatchEnd(int epoch, int batch, int batches, double loss) {}

  /** Called after each evaluation on a held-out set that scores more than a loss (experiments). */
  default void onEvaluation(Evaluation evaluation) {}

  /**
   * Called once when the run ends, after the final parameters are in place.
   *
   * @param reason why the run ended
   * @param message one line for a person, e.g. {@code "training diverged at epoch 3, batch 17:
   *     loss is NaN; try a lower --lr (was 0.01) or --clip 1"}
   */
  default void onStop(StopReason reason, String message) {}
}
