package org.lstmlab.core.train;

/** Why a {@link Trainer} run ended. */
public enum StopReason {
  /** Every configured epoch ran. */
  COMPLETED,
  /** The validation loss did not improve for {@code patience} epochs. */
  EARLY_STOPPED,
  /** The cancellation flag was raised; checked before every batch. */
  CANCELLED,
  /**
   * A loss, the gradient norm or a parameter became NaN or infinite; the parameters were restored
   * to their last finite values.
   */
  DIVERGED
}
