package org.lstmlab.core.train;

/** Why a training run ({@link TrainingLoop}: a Trainer, truncated BPTT or an experiment) ended. */
public enum StopReason {
  /** Every configured epoch (pass, step) ran. */
  COMPLETED,
  /** The validation loss did not improve for {@code patience} epochs. */
  EARLY_STOPPED,
  /** The cancellation flag was raised; it is checked before every step. */
  CANCELLED,
  /**
   * A loss, the gradient norm or a parameter became NaN or infinite, or the loss grew far beyond
   * the first steps' ({@link TrainingLoop} has the rule); the parameters are finite: a step that
   * made them NaN or infinite was undone.
   */
  DIVERGED
}
