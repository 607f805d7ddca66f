package org.lstmlab.core.train;

/**
 * One evaluation of a model on a held-out set during training, as {@link
 * TrainingListener#onEvaluation} hears it.
 *
 * @param model the model's name (an experiment's cell id: {@code lstm}, {@code rnn}, ...)
 * @param step training steps taken before the evaluation, 0 for the untrained model
 * @param trainLoss mean training loss over the steps since the previous evaluation; NaN at step 0
 * @param loss the held-out loss
 * @param accuracy the held-out accuracy of a classification, NaN otherwise
 * @param seconds wall-clock time since the model's run started
 */
public record Evaluation(
    String model, int step, double trainLoss, double loss, double accuracy, double seconds) {}
