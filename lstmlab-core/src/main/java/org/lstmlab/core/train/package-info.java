/**
 * Training procedures on top of the model, loss and optimizer.
 *
 * <p>{@link org.lstmlab.core.train.TrainingLoop} is the one training loop: the update step, the
 * divergence rule, the cancellation check before every step and the calls to one {@link
 * org.lstmlab.core.train.TrainingListener}. Three plans drive it: {@link
 * org.lstmlab.core.train.Trainer} fits a many-to-one model on windows (epochs of shuffled
 * mini-batches, validation, early stopping with the best parameters restored, the rules between
 * epochs in {@link org.lstmlab.core.train.EpochRules}, which the Spark module's averaging mode
 * shares), {@link
 * org.lstmlab.core.train.TruncatedBptt} trains many-to-many models on long sequences in chunks, and
 * the long-time-lag {@code Experiment} of {@code org.lstmlab.core.lags} trains on fresh batches. The
 * hyperparameters are one immutable {@link org.lstmlab.core.train.TrainerConfig} (a typed
 * optimizer among them); a run ends in a {@link org.lstmlab.core.train.TrainingResult}. {@link
 * org.lstmlab.core.train.Predictor} predicts over windows and forecasts recursively past the end
 * of a series.
 *
 * <p>Left out: multi-threaded data-parallel training, checkpoints during a run, and schedules
 * driven by the validation loss.
 */
package org.lstmlab.core.train;
