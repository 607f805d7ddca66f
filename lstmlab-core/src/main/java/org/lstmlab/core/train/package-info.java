/**
 * Training procedures on top of the model, loss and optimizer.
 *
 * <p>{@link org.lstmlab.core.train.Trainer} fits a many-to-one model on windows: epochs of
 * shuffled mini-batches, validation, early stopping with the best parameters restored, divergence
 * detection, cancellation, and a {@link org.lstmlab.core.train.TrainingListener} for progress. Its
 * hyperparameters are one immutable {@link org.lstmlab.core.train.TrainerConfig}; a run ends in a
 * {@link org.lstmlab.core.train.TrainingResult}. {@link org.lstmlab.core.train.Predictor} predicts
 * over windows and forecasts recursively past the end of a series. {@link
 * org.lstmlab.core.train.TruncatedBptt} trains many-to-many models on long sequences in chunks.
 *
 * <p>Left out: multi-threaded data-parallel training, checkpoints during a run, and schedules
 * driven by the validation loss.
 */
package org.lstmlab.core.train;
