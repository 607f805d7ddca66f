package org.lstmlab.cli;

import org.lstmlab.core.data.Windows;
import org.lstmlab.core.loss.Loss;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.optim.Optimizer;

/**
 * Trains a many-to-one model on windows with batch size 1, one update per window in window order,
 * as the notebook's training loop does.
 *
 * <p>A stopgap for the demo: the trainer proper (mini-batches, shuffling, validation, early
 * stopping, callbacks) belongs in the core's {@code train} package and will replace this class.
 * Per window: zero the gradients, forward (B = 1, T = W, I = 1), loss and its gradient, backward,
 * one optimizer step.
 */
final class WindowTrainer {

  /** Told the mean training loss after each epoch. */
  @FunctionalInterface
  interface EpochListener {
    /**
     * @param epoch 1-based
     * @param meanLoss the mean over the epoch's windows of the loss each had just before its own
     *     update: it mixes the parameters of the whole epoch, so it lags the model at epoch end
     */
    void epochEnded(int epoch, double meanLoss);
  }

  private final SequenceModel model;
  private final Optimizer optimizer;
  private final Loss loss;

  WindowTrainer(SequenceModel model, Optimizer optimizer, Loss loss) {
    this.model = model;
    this.optimizer = optimizer;
    this.loss = loss;
  }

  /**
   * Runs {@code epochs} passes over {@code data}.
   *
   * @return the mean training loss of the last epoch
   */
  double train(Windows data, int epochs, EpochListener listener) {
    int w = data.window(); // T
    int h = data.horizon(); // O
    float[] x = data.x(); // (N_w, W, 1)
    float[] y = data.y(); // (N_w, h)
    float[] xn = new float[w]; // (1, W, 1) one window
    float[] yn = new float[h]; // (1, h)
    float[] dPred = new float[h]; // (1, h)
    double mean = Double.NaN;
    for (int epoch = 1; epoch <= epochs; epoch++) {
      double sum = 0;
      for (int n = 0; n < data.count(); n++) {
        System.arraycopy(x, n * w, xn, 0, w);
        System.arraycopy(y, n * h, yn, 0, h);
        model.parameters().zeroGrad();
        float[] pred = model.forward(xn, 1, w, null, null, true);
        sum += loss.gradient(pred, yn, dPred);
        model.backward(dPred);
        optimizer.step(model.parameters());
      }
      mean = sum / data.count();
      listener.epochEnded(epoch, mean);
    }
    return mean;
  }

  /** The loss of the model's predictions on all windows at once, without training. */
  double evaluate(Windows data) {
    float[] pred = model.predict(data.x(), data.count(), data.window());
    return loss.value(pred, data.y());
  }
}
