package org.lstmlab.core.train;

import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
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
 * <p>What it trains on is {@link Streams}: B sequences of inputs and targets in arrays, or B
 * streams of a text's token ids encoded chunk by chunk ({@code text.LanguageModel}).
 *
 * <p>Of the configuration, truncated BPTT uses epochs (passes), the optimizer and learning rate,
 * the schedule (per pass), the loss (for arrays), clipping and the seed (dropout); the batch is
 * the B sequences given, in their order, so batch size and shuffling do not apply, and early
 * stopping needs validation windows, which it has not.
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
   * B parallel streams of T steps, cut into chunks: what a chunk's inputs are and how the model's
   * outputs on it are scored. Arrays of inputs and targets are one kind ({@link #fit(SequenceBatch,
   * float[], TrainerConfig, TrainingListener, BooleanSupplier)}); a text cut into B streams of
   * token ids, encoded chunk by chunk, is another (the language model's).
   */
  public interface Streams {
    /** B, the streams, &gt; 0. */
    int batch();

    /** T, the steps of every stream, &gt; 0. */
    int steps();

    /**
     * (B, len, I) the inputs of steps [start, start + len), or (B, len) token ids for a model with
     * an embedding, without initial states (the plan adds the carried ones); its arrays may be
     * reused after the step.
     */
    SequenceBatch inputs(int start, int len);

    /** Scores the model's (B, len, O) outputs on steps [start, start + len). */
    TrainingLoop.LossGradient loss(int start, int len);
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
    Loss loss = config.newLoss();
    float[] xs = x.values();
    Streams arrays = new Streams() {
      @Override
      public int batch() {
        return batch;
      }

      @Override
      public int steps() {
        return steps;
      }

      @Override
      public SequenceBatch inputs(int start, int len) {
        return SequenceBatch.of(slice(xs, batch, steps, in, start, len), batch, len, in);
      }

      @Override
      public TrainingLoop.LossGradient loss(int start, int len) {
        float[] ys = slice(y, batch, steps, out, start, len);
        return (pred, dPred) -> loss.gradient(pred, ys, dPred);
      }
    };
    return fit(arrays, config, null, listener, cancelled);
  }

  /**
   * Trains on {@code streams}: {@code config.epochs()} passes from zero state, one update per
   * chunk, the state carried (as values) from each chunk into the next.
   *
   * @param config the optimizer, clipping, schedule, passes (epochs) and seed (its loss is the
   *     streams'); patience 0
   * @param heldOut evaluated after every pass (the model's loss on held-out data), or null
   * @return per pass, the mean of the chunk losses, each weighted by its number of steps, and the
   *     held-out loss (NaN without one); why the run stopped
   * @throws IllegalArgumentException if patience is set
   */
  public TrainingResult fit(Streams streams, TrainerConfig config, DoubleSupplier heldOut,
      TrainingListener listener, BooleanSupplier cancelled) {
    if (config.patience() > 0) {
      throw new IllegalArgumentException("patience " + config.patience() + " needs validation"
          + " windows, which truncated BPTT has not; set patience 0");
    }
    Chunks plan = new Chunks(streams, config, heldOut, listener, cancelled);
    model.setDropoutSeed(config.seed());
    return new TrainingResult(plan.loop.run(plan), 0);
  }

  /** One {@link #fit} call: passes of chunks, the state carried from chunk to chunk. */
  private final class Chunks implements TrainingLoop.Plan {
    final Streams streams;
    final int batch;
    final int steps;
    final boolean lstm = model.config().cell().hasCellState();
    final int chunks;
    final TrainerConfig config;
    final DoubleSupplier heldOut;
    final TrainingLoop loop;
    float[] h; // (L, B, H) the state carried into the next chunk; null for zeros
    float[] c;

    Chunks(Streams streams, TrainerConfig config, DoubleSupplier heldOut,
        TrainingListener listener, BooleanSupplier cancelled) {
      this.streams = streams;
      this.batch = Checks.requirePositive("streams' batch", streams.batch());
      this.steps = Checks.requirePositive("streams' steps", streams.steps());
      this.chunks = (steps + chunk - 1) / chunk;
      this.config = config;
      this.heldOut = heldOut;
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
      SequenceBatch xs = streams.inputs(start, len);
      if (xs.batch() != batch || xs.steps() != len) {
        throw new IllegalStateException("the streams gave " + xs + " for steps [" + start + ", "
            + (start + len) + "); expected B=" + batch + ", T=" + len);
      }
      xs = xs.withInitialState(h, c);
      return new TrainingLoop.Batch(xs, len, streams.loss(start, len));
    }

    @Override
    public void stepped(int pass, int index) {
      h = model.finalHidden();
      c = lstm ? model.finalCell() : null;
    }

    @Override
    public double evaluate(int pass, double trainLoss, long stepsSoFar) {
      return heldOut == null ? Double.NaN : heldOut.getAsDouble();
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
