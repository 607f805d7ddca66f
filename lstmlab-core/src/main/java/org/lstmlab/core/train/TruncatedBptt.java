package org.lstmlab.core.train;

import org.lstmlab.core.loss.Loss;
import org.lstmlab.core.nn.Checks;
import org.lstmlab.core.nn.Parameters;
import org.lstmlab.core.nn.SequenceModel;

/**
 * Truncated backpropagation through time [Williams &amp; Peng 1990]: a long sequence is cut into
 * chunks of {@code chunk} steps; the state (h, c) is carried from each chunk into the next, but
 * gradients stop at chunk borders, so memory and time per update are bounded by the chunk length.
 *
 * <p>Per chunk: zero the gradients, run forward from the carried state, take the loss over the
 * chunk's steps, backpropagate within the chunk, and hand the gradients to the caller's {@link
 * Step} (typically clipping and an optimizer step). The carried state is a copy of the final state
 * values: nothing flows back across the border. The model must predict at every step ({@link
 * SequenceModel.Outputs#ALL}).
 */
public final class TruncatedBptt {

  /** What to do with each chunk's gradients, e.g. {@code p -> optimizer.step(p)}. */
  @FunctionalInterface
  public interface Step {
    /** Called after the chunk's backward, with its gradients in {@code p.grad()}. */
    void apply(Parameters p, int chunkIndex, double chunkLoss);
  }

  private final SequenceModel model;
  private final int chunk;

  /**
   * @param model a model with {@link SequenceModel.Outputs#ALL}
   * @param chunk steps per chunk, &gt; 0
   */
  public TruncatedBptt(SequenceModel model, int chunk) {
    if (model.outputs() != SequenceModel.Outputs.ALL) {
      throw new IllegalArgumentException("truncated BPTT needs a model with outputs ALL, got LAST");
    }
    this.model = model;
    this.chunk = Checks.requirePositive("chunk", chunk);
  }

  /**
   * One pass over a batch of long sequences, starting from zero state.
   *
   * @param x (B, T, I) inputs
   * @param y (B, T, O) targets for every step
   * @return the mean of the chunk losses, each weighted by its number of steps
   */
  public double run(float[] x, float[] y, int batch, int steps, Loss loss, Step step) {
    Checks.requirePositive("batch", batch);
    Checks.requirePositive("steps", steps);
    int in = model.rnn().inputSize();
    int out = model.outputSize();
    Checks.requireLength("x", x, batch * steps * in, "(" + batch + ", " + steps + ", " + in + ")");
    Checks.requireLength("y", y, batch * steps * out, "(" + batch + ", " + steps + ", " + out + ")");
    float[] h = null;
    float[] c = null;
    boolean lstm = model.rnn().cell().hasCellState();
    double total = 0;
    int index = 0;
    for (int start = 0; start < steps; start += chunk, index++) {
      int len = Math.min(chunk, steps - start);
      float[] xs = slice(x, batch, steps, in, start, len);
      float[] ys = slice(y, batch, steps, out, start, len);
      model.parameters().zeroGrad();
      float[] pred = model.forward(xs, batch, len, h, c, true);
      float[] dPred = new float[pred.length];
      double l = loss.gradient(pred, ys, dPred);
      model.backward(dPred);
      step.apply(model.parameters(), index, l);
      h = model.finalHidden();
      c = lstm ? model.finalCell() : null;
      total += l * len;
    }
    return total / steps;
  }

  /** Steps [start, start+len) of a (B, T, D) array, as (B, len, D). */
  static float[] slice(float[] a, int batch, int steps, int d, int start, int len) {
    float[] s = new float[batch * len * d];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(a, (b * steps + start) * d, s, b * len * d, len * d);
    }
    return s;
  }
}
