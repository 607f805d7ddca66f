package org.lstmlab.core.train;

import java.util.function.BooleanSupplier;
import org.lstmlab.core.loss.Loss;
import org.lstmlab.core.nn.Checks;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;

/**
 * Truncated backpropagation through time [Williams &amp; Peng 1990]: a long sequence is cut into
 * chunks of {@code chunk} steps; the state (h, c) is carried from each chunk into the next, but
 * gradients stop at chunk borders, so memory and time per update are bounded by the chunk length.
 *
 * <p>One update per chunk, in {@link TrainingLoop} (the loop every kind of training shares, with
 * its clipping, divergence rule, cancellation and listener): zero the gradients, run forward from
 * the carried state, take the loss over the chunk's steps, backpropagate within the chunk, step
 * the optimizer. The carried state is a copy of the final state values: nothing flows back across
 * the border. Each pass (an epoch of the {@link TrainerConfig}) runs the whole sequences once,
 * from zero state. The model must predict at every step ({@link SequenceModel.Outputs#ALL}).
 *
 * <p>Of the configuration, truncated BPTT uses epochs (passes), the optimizer and learning rate,
 * the schedule (per pass), the loss, clipping and the seed (dropout); the batch is the B sequences
 * given, in their order, so batch size and shuffling do not apply, and early stopping needs
 * validation windows, which it has not.
 */
public final class TruncatedBptt {

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
   * Trains on a batch of long sequences: {@code config.epochs()} passes, one update per chunk.
   *
   * @param x (B, T, I) inputs, starting from zero states
   * @param y (B, T, O) targets for every step
   * @param config the optimizer, loss, clipping, schedule, passes (epochs) and seed; patience 0
   * @param listener hears every chunk ({@code onBatchEnd}) and pass ({@code onEpochEnd}), or null
   * @param cancelled polled before every chunk, or null
   * @return per pass, the mean of the chunk losses, each weighted by its number of steps; why the
   *     run stopped
   * @throws IllegalArgumentException if a shape does not fit the model or patience is set
   */
  public TrainingResult fit(SequenceBatch x, float[] y, TrainerConfig config,
      TrainingListener listener, BooleanSupplier cancelled) {
    int in = model.inputSize();
    int out = model.outputSize();
    Trainer.requireWindows("x", x, in, -1);
    int batch = x.batch();
    int steps = x.steps();
    Checks.requireLength("y", y, batch * steps * out, "(" + batch + ", " + steps + ", " + out + ")");
    if (config.patience() > 0) {
      throw new IllegalArgumentException("patience " + config.patience() + " needs validation"
          + " windows, which truncated BPTT has not; set patience 0");
    }
    Chunks plan = new Chunks(x.values(), y, batch, steps, config, listener, cancelled);
    model.setDropoutSeed(config.seed());
    return new TrainingResult(plan.loop.run(plan), 0);
  }

  /** One {@link #fit} call: passes of chunks, the state carried from chunk to chunk. */
  private final class Chunks implements TrainingLoop.Plan {
    final float[] x; // (B, T, I)
    final float[] y; // (B, T, O)
    final int batch;
    final int steps;
    final int in = model.inputSize();
    final int out = model.outputSize();
    final boolean lstm = model.config().cell().hasCellState();
    final int chunks;
    final TrainerConfig config;
    final Loss loss;
    final TrainingLoop loop;
    float[] h; // (L, B, H) the state carried into the next chunk; null for zeros
    float[] c;

    Chunks(float[] x, float[] y, int batch, int steps, TrainerConfig config,
        TrainingListener listener, BooleanSupplier cancelled) {
      this.x = x;
      this.y = y;
      this.batch = batch;
      this.steps = steps;
      this.chunks = (steps + chunk - 1) / chunk;
      this.config = config;
      this.loss = config.newLoss();
      this.loop = new TrainingLoop(model, config.newOptimizer(), config.clip(), config.schedule(),
          listener, cancelled);
    }

    @Override
    public int periods() {
      return config.epochs();
    }

    @Override
    public int startPeriod(int pass) {
      h = null;
      c = null;
      return chunks;
    }

    @Override
    public TrainingLoop.Batch batch(int pass, int index) {
      int start = (index - 1) * chunk;
      int len = Math.min(chunk, steps - start);
      float[] ys = slice(y, batch, steps, out, start, len);
      SequenceBatch xs = SequenceBatch.of(slice(x, batch, steps, in, start, len), batch, len, in)
          .withInitialState(h, c);
      return new TrainingLoop.Batch(xs, len,
          (pred, dPred) -> loss.gradient(pred, ys, dPred));
    }

    @Override
    public void stepped(int pass, int index) {
      h = model.finalHidden();
      c = lstm ? model.finalCell() : null;
    }

    @Override
    public double evaluate(int pass, double trainLoss, long stepsSoFar) {
      return Double.NaN;
    }

    @Override
    public String finish(StopReason reason, String message) {
      return message == null ? "completed " + config.epochs() + " passes" : message;
    }

    @Override
    public String where(int pass, int index, int of) {
      return "pass " + pass + ", chunk " + index + (of > 0 ? " of " + of : "");
    }
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
