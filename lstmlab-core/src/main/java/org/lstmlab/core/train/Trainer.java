package org.lstmlab.core.train;

import java.io.Serializable;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.lstmlab.core.loss.Loss;
import org.lstmlab.core.nn.Checks;
import org.lstmlab.core.optim.Optimizer;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;

/**
 * Trains a many-to-one {@link SequenceModel} on windows: epochs of mini-batches, validation after
 * each epoch, early stopping, divergence detection, cancellation and a listener.
 *
 * <p>Data: inputs x, a {@link SequenceBatch} (N, T, I), and targets y (N, O), I and O the model's
 * input and output sizes, optionally validation windows xVal (N_val, T, I), yVal (N_val, O) with
 * the same T. For a token model ({@link SequenceModel#tokenInput()}) the windows are token ids,
 * {@link SequenceBatch#ofTokens} (N, T). Windows with lengths ({@link SequenceBatch#withLengths})
 * keep each window's length in every batch it lands in. N is checked against the targets, so windows given as (T, N) are refused. The updates
 * are {@link TrainingLoop}'s, which every kind of training shares; the Trainer is its plan for
 * windows: each epoch starts with {@code optimizer.setLr(schedule.lr(epoch − 1))} if a schedule is
 * set, then visits the training windows in a fresh order drawn from the seed (if shuffling), in
 * batches of {@code batchSize}, the last holding the remainder. After the epoch the validation
 * loss is the configured loss on all validation windows without dropout.
 *
 * <p>Early stopping (patience P &gt; 0, needs validation windows): the parameters of the epoch with
 * the lowest validation loss are copied aside; the run stops after P epochs without a strictly
 * lower one, and however the run ends, the model is left with the best epoch's parameters, as
 * Keras' {@code EarlyStopping(restore_best_weights=True)} [Prechelt 1998, "Early stopping — but
 * when?"].
 *
 * <p>Divergence (the loop's rule: a NaN or infinite loss, gradient norm or parameter, or a loss
 * grown 10⁴ times over the first steps'; here also a NaN or infinite validation loss) stops the
 * run with {@link StopReason#DIVERGED} and a message naming the epoch and batch; the model is
 * never left with NaN weights. Cancellation: the flag is polled
 * before every batch; the model keeps the parameters of the last completed batch (or the best
 * epoch's, with early stopping).
 *
 * <p>Reproducible: each {@link #fit} call is a complete run with a fresh optimizer, the shuffle
 * order drawn from {@code config.seed()} and the model's dropout stream reseeded from it, so the
 * same model parameters, data and configuration give bit-identical parameters and losses.
 * Memory: the batch, target and gradient buffers are allocated once per run and reused; per batch
 * only the model's own forward and backward results are allocated. Not thread-safe: one run at a
 * time per model.
 *
 * <p>Checkpoints (windows from a {@link WindowSource}): every {@code every} steps the run hands a
 * {@link Checkpoint} (the loop's position and loss curves, the parameters, the optimizer state,
 * the early-stopping state) to a sink; a later {@code fit} from it replays the epoch orders drawn
 * so far and goes on at the next batch, ending with the parameters of the run that was not
 * stopped, bit for bit (the dropout stream restarts from the seed, so this holds for models
 * without dropout, which a source requires anyway).
 */
public final class Trainer {

  /** Windows per forward pass when evaluating the validation loss (no gradients kept). */
  static final int EVAL_BATCH = 256;

  private final SequenceModel model;
  private final TrainerConfig config;

  /**
   * A trainer for {@code model}.
   *
   * @param model a model with {@link SequenceModel.Outputs#LAST}
   * @param config the hyperparameters
   * @throws IllegalArgumentException if an argument is null or the model predicts every step
   */
  public Trainer(SequenceModel model, TrainerConfig config) {
    if (model == null || config == null) {
      throw new IllegalArgumentException("model and config must not be null");
    }
    if (model.outputs() != SequenceModel.Outputs.LAST) {
      throw new IllegalArgumentException(
          "the trainer fits many-to-one models (outputs LAST), got outputs " + model.outputs());
    }
    this.model = model;
    this.config = config;
  }

  /**
   * A run's whole state after a step: enough to go on from there in another process.
   *
   * @param progress the loop's position, loss curves and divergence reference
   * @param weights the parameters after the step
   * @param optimizer the optimizer's state after the step
   * @param rules the early-stopping state (the best epoch's parameters with patience)
   */
  public record Checkpoint(TrainingLoop.Progress progress, float[] weights,
      Optimizer.State optimizer, EpochRules.Snapshot rules) implements Serializable {}

  /** The model being trained. */
  public SequenceModel model() {
    return model;
  }

  /** The configuration. */
  public TrainerConfig config() {
    return config;
  }

  /** Trains without validation, listener or cancellation. */
  public TrainingResult fit(SequenceBatch x, float[] y) {
    return fit(x, y, null, null, null, null);
  }

  /** Trains with validation windows, without listener or cancellation. */
  public TrainingResult fit(SequenceBatch x, float[] y, SequenceBatch xVal, float[] yVal) {
    return fit(x, y, xVal, yVal, null, null);
  }

  /**
   * Runs the configured training.
   *
   * @param x (N, T, I) training inputs
   * @param y (N, O) training targets, finite
   * @param xVal (N_val, T, I) validation inputs, or null for none
   * @param yVal (N_val, O) validation targets, or null for none
   * @param listener hears the progress, or null
   * @param cancelled polled before every batch; the run stops once it returns true; or null
   * @return the loss curves and why the run stopped; a divergence is a result, not an exception
   * @throws IllegalArgumentException if a shape does not fit the model, a target is not finite, or
   *     early stopping is on without validation windows
   */
  public TrainingResult fit(SequenceBatch x, float[] y, SequenceBatch xVal, float[] yVal,
      TrainingListener listener, BooleanSupplier cancelled) {
    int in = model.inputSize();
    int out = model.outputSize();
    requireRows("x", x, in, -1);
    int n = x.batch();
    int steps = x.steps();
    Checks.requireLength("y", y, n * out, shape("N", n, "O", out) + " for x " + x);
    boolean hasVal = xVal != null || yVal != null;
    int nVal = 0;
    if (hasVal) {
      requireRows("xVal", xVal, in, steps);
      nVal = xVal.batch();
      Checks.requireLength("yVal", yVal, nVal * out, shape("N_val", nVal, "O", out)
          + " for xVal " + xVal);
      Checks.requireFinite("yVal", yVal);
    }
    Checks.requireFinite("y", y);
    if (config.patience() > 0 && !hasVal) {
      throw new IllegalArgumentException(
          "patience " + config.patience() + " needs validation windows; pass xVal and yVal or set"
              + " patience 0");
    }
    return new Run(new Rows(x), y, n, steps, hasVal ? new Rows(xVal) : null, yVal, nVal, null,
        listener, cancelled).go(null);
  }

  /**
   * Training windows that live elsewhere, e.g. spread over Spark executors: the run draws the same
   * shuffle order and batches as for windows in arrays and asks the source for each batch's
   * gradient and for the validation loss. Everything else is the run's own (the loop, early
   * stopping, the best epoch's restore), so a source that computes exactly what this JVM would
   * gives the same training, up to the order of floating-point sums.
   */
  public interface WindowSource {
    /** N, the training windows, ≥ 1. */
    int count();

    /** N_val, the validation windows, ≥ 0. */
    int validationCount();

    /**
     * Writes into the model's {@code parameters().grad()} (zeroed) the gradient of the
     * configured loss over the training windows {@code order[from .. from + size)}, without
     * dropout, at the model's current parameters, and returns that loss (the batch's mean).
     */
    double gradient(int[] order, int from, int size);

    /** The mean loss over all validation windows at the model's current parameters. */
    double validationLoss();
  }

  /**
   * Runs the configured training on windows that live elsewhere (see {@link WindowSource}); the
   * model's dropout must be 0, as a source computes without it.
   *
   * @throws IllegalArgumentException if the source has no windows, or early stopping is on
   *     without validation windows
   */
  public TrainingResult fit(WindowSource source, TrainingListener listener,
      BooleanSupplier cancelled) {
    return fit(source, listener, cancelled, null, 0, null);
  }

  /**
   * Runs the configured training on a source as above, resuming from a checkpoint and writing
   * new ones.
   *
   * @param resume a checkpoint of a run with the same model, configuration and source, or null to
   *     start afresh
   * @param every steps between two checkpoints, ≥ 1 with a sink
   * @param sink takes each checkpoint (it may keep it: it is not reused), or null for none
   * @throws IllegalArgumentException as above, or if the checkpoint does not fit the model or the
   *     run
   */
  public TrainingResult fit(WindowSource source, TrainingListener listener,
      BooleanSupplier cancelled, Checkpoint resume, int every, Consumer<Checkpoint> sink) {
    if (source == null || source.count() < 1 || source.validationCount() < 0) {
      throw new IllegalArgumentException("the window source must hold at least one training"
          + " window");
    }
    if (config.patience() > 0 && source.validationCount() == 0) {
      throw new IllegalArgumentException("patience " + config.patience() + " needs validation"
          + " windows; the source has none");
    }
    if (sink != null && every < 1) {
      throw new IllegalArgumentException("checkpoints need every >= 1, got " + every);
    }
    Run run = new Run(null, null, source.count(), 0, null, null, source.validationCount(), source,
        listener, cancelled);
    run.every = every;
    run.sink = sink;
    return run.go(resume);
  }

  /**
   * Requires sequences of I features without initial states, of {@code steps} steps unless it is
   * −1: the input of the trainers and the predictor, which start every sequence from zeros.
   */
  static void requireWindows(String name, SequenceBatch x, int in, int steps) {
    if (x == null) {
      throw new IllegalArgumentException(name + " is null; expected (N, T, I=" + in + ") windows");
    }
    if (x.tokens() != null) {
      throw new IllegalArgumentException(name + " is " + x + "; this call copies float windows"
          + " (N, T, I), token ids go to the model's forward or to truncated BPTT's streams");
    }
    requireShape(name, x, in, steps);
  }

  /** {@link #requireWindows}, or token windows (N, T) for a token model. */
  private void requireRows(String name, SequenceBatch x, int in, int steps) {
    if (x == null || !model.tokenInput()) {
      requireWindows(name, x, in, steps);
      return;
    }
    if (x.tokens() == null) {
      throw new IllegalArgumentException(name + " is " + x + "; this model reads token ids"
          + " through an embedding: give (N, T) windows of SequenceBatch.ofTokens");
    }
    requireShape(name, x, 1, steps);
  }

  private static void requireShape(String name, SequenceBatch x, int in, int steps) {
    if (x.features() != in || (steps != -1 && x.steps() != steps)) {
      throw new IllegalArgumentException(name + " is " + x + "; expected (N, T"
          + (steps != -1 ? "=" + steps : "") + ", I=" + in + ")");
    }
    if (x.initialHidden() != null || x.initialCell() != null) {
      throw new IllegalArgumentException(name + " has initial states; this call starts every"
          + " sequence from zeros");
    }
  }

  private static String shape(String a, int na, String b, int nb) {
    return "(" + a + "=" + na + ", " + b + "=" + nb + ")";
  }

  /** The windows of a fit call: (N, T, I) values or (N, T) token ids, with lengths (N) or none. */
  private static final class Rows {
    final float[] values; // (N, T, I), or null for token ids
    final int[] ids; // (N, T), or null for values
    final int[] lengths; // (N), or null when every window has T steps
    final int width; // elements per window: T·I, or T

    Rows(SequenceBatch x) {
      this.values = x.values();
      this.ids = x.tokens();
      this.lengths = x.lengths();
      this.width = x.steps() * x.features();
    }

    /** Copies windows [src, src + count) into the buffers' slots [dst, dst + count). */
    void copy(int src, Buffers b, int dst, int count) {
      if (values != null) {
        System.arraycopy(values, src * width, b.x, dst * width, count * width);
      } else {
        System.arraycopy(ids, src * width, b.ids, dst * width, count * width);
      }
      if (lengths != null) {
        System.arraycopy(lengths, src, b.lengths, dst, count);
      }
    }
  }

  /**
   * Reused buffers for one batch size: inputs (B, T, I) or token ids (B, T), lengths (B) when the
   * windows have them, targets (B, O), and its loss.
   */
  private static final class Buffers {
    final float[] x; // (B, T, I), or null
    final int[] ids; // (B, T), or null
    final int[] lengths; // (B), or null
    final float[] y;
    final TrainingLoop.Batch full; // the batch over the buffers, without lengths

    Buffers(int size, int steps, int in, int out, Loss loss, Rows rows) {
      boolean tokens = rows.values == null;
      this.x = tokens ? null : new float[size * steps * in];
      this.ids = tokens ? new int[size * steps] : null;
      this.lengths = rows.lengths == null ? null : new int[size];
      this.y = new float[size * out];
      this.full = new TrainingLoop.Batch(tokens ? SequenceBatch.ofTokens(ids, size, steps)
          : SequenceBatch.of(x, size, steps, in), size,
          (pred, dPred) -> loss.gradient(pred, y, dPred));
    }

    /** The batch as the buffers hold it now (lengths are copied into each batch that has them). */
    TrainingLoop.Batch batch() {
      return lengths == null ? full
          : new TrainingLoop.Batch(full.x().withLengths(lengths), full.weight(), full.loss());
    }

    int size() {
      return full.x().batch();
    }
  }

  /** One {@link #fit} call: epochs of batches of windows, as a {@link TrainingLoop.Plan}. */
  private final class Run implements TrainingLoop.Plan {
    final Rows x; // (N, T, I) or (N, T) ids
    final float[] y; // (N, O)
    final int n;
    final int steps;
    final Rows xVal; // (N_val, T, I) or (N_val, T) ids, or null
    final float[] yVal; // (N_val, O) or null
    final int nVal;
    final int in = model.inputSize();
    final int out = model.outputSize();
    final float[] w = model.parameters().data();
    final Loss loss = config.newLoss();
    final TrainingLoop loop;
    final int size;
    final int batches;
    final Buffers full;
    final Buffers last;
    final int[] order;
    final SplittableRandom rng = new SplittableRandom(config.seed());
    final EpochRules rules = new EpochRules(config.patience(), config.epochs(), w);
    final Optimizer optimizer = config.newOptimizer();
    int every; // steps between checkpoints
    Consumer<Checkpoint> sink; // null: no checkpoints
    Buffers evalFull; // validation buffers, allocated on the first evaluation
    Buffers evalLast;
    final WindowSource source; // null: the windows are x, y, xVal, yVal
    final TrainingLoop.Batch remote; // a batch of the source's, of the full size
    final TrainingLoop.Batch remoteLast;
    int from; // the current batch's first position in order

    Run(Rows x, float[] y, int n, int steps, Rows xVal, float[] yVal, int nVal,
        WindowSource source, TrainingListener listener, BooleanSupplier cancelled) {
      this.source = source;
      this.x = x;
      this.y = y;
      this.n = n;
      this.steps = steps;
      this.xVal = xVal;
      this.yVal = yVal;
      this.nVal = nVal;
      this.loop = new TrainingLoop(model, optimizer, config.clip(), config.schedule(),
          listener, cancelled,
          source == null ? null : this::remoteGradient);
      this.size = Math.min(config.batchSize(), n);
      this.batches = (n + size - 1) / size;
      int lastSize = n - (batches - 1) * size;
      boolean local = source == null;
      this.full = local ? new Buffers(size, steps, in, out, loss, x) : null;
      this.last = !local ? null : lastSize == size ? full
          : new Buffers(lastSize, steps, in, out, loss, x);
      this.remote = local ? null : new TrainingLoop.Batch(null, size, null);
      this.remoteLast = local ? null
          : new TrainingLoop.Batch(null, lastSize, null);
      this.order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
    }

    /** The source's gradient of the current batch. */
    double remoteGradient(TrainingLoop.Batch b) {
      return source.gradient(order, from, b.weight()); // a remote batch's weight is its size
    }

    TrainingResult go(Checkpoint resume) {
      model.setDropoutSeed(config.seed());
      if (resume == null) {
        return new TrainingResult(loop.run(this), rules.bestEpoch());
      }
      TrainingLoop.Progress p = resume.progress();
      if (resume.weights().length != w.length || p.period() > config.epochs()) {
        throw new IllegalArgumentException("the checkpoint (" + resume.weights().length
            + " parameters, epoch " + p.period() + ") does not fit this run ("
            + w.length + " parameters, " + config.epochs() + " epochs)");
      }
      System.arraycopy(resume.weights(), 0, w, 0, w.length);
      optimizer.restore(resume.optimizer());
      rules.restore(resume.rules());
      for (int e = 1; e < p.period() && config.shuffle(); e++) { // the orders drawn so far
        EpochRules.shuffle(order, rng);
      }
      return new TrainingResult(loop.run(this, p), rules.bestEpoch());
    }

    @Override
    public int periods() {
      return config.epochs();
    }

    @Override
    public int startPeriod(int epoch) {
      if (config.shuffle()) {
        EpochRules.shuffle(order, rng);
      }
      return batches;
    }

    /** Copies the windows {@code order[(batch − 1)·size ..]} into the batch buffers. */
    @Override
    public void stepped(int epoch, int batch) {
      if (sink != null && loop.steps() % every == 0) {
        sink.accept(new Checkpoint(loop.progress(), w.clone(), optimizer.state(),
            rules.snapshot()));
      }
    }

    @Override
    public TrainingLoop.Batch batch(int epoch, int batch) {
      from = (batch - 1) * size;
      if (source != null) {
        return batch == batches ? remoteLast : remote;
      }
      Buffers b = batch == batches ? last : full;
      for (int k = 0; k < b.size(); k++) {
        int idx = order[from + k];
        x.copy(idx, b, k, 1);
        System.arraycopy(y, idx * out, b.y, k * out, out);
      }
      return b.batch();
    }

    /** The loss on all validation windows without dropout, in chunks of {@link #EVAL_BATCH}. */
    @Override
    public double evaluate(int epoch, double trainLoss, long stepsSoFar) {
      if (source != null) {
        return nVal == 0 ? Double.NaN : source.validationLoss();
      }
      if (xVal == null) {
        return Double.NaN;
      }
      int chunk = Math.min(EVAL_BATCH, nVal);
      if (evalFull == null) {
        evalFull = new Buffers(chunk, steps, in, out, loss, xVal);
        int rest = nVal % chunk;
        evalLast = rest == 0 ? evalFull : new Buffers(rest, steps, in, out, loss, xVal);
      }
      double sum = 0;
      for (int from = 0; from < nVal; from += chunk) {
        Buffers b = from + chunk <= nVal ? evalFull : evalLast;
        xVal.copy(from, b, 0, b.size());
        System.arraycopy(yVal, from * out, b.y, 0, b.size() * out);
        float[] pred = model.predict(b.batch().x());
        // Mean losses over chunks, weighted by their elements, equal the mean over all elements.
        sum += loss.value(pred, b.y) * b.size();
      }
      return sum / nVal;
    }

    /** Divergence of the validation loss, and early stopping. */
    @Override
    public TrainingLoop.Stop afterPeriod(int epoch, double trainLoss, double val) {
      if (xVal == null && (source == null || nVal == 0)) {
        return null;
      }
      return rules.afterEpoch(epoch, val, loop.hint());
    }

    @Override
    public String where(int epoch, int batch, int of) {
      return "epoch " + epoch + ", batch " + batch + (of > 0 ? " of " + of : "");
    }

    /** With early stopping, puts the best epoch's parameters back. */
    @Override
    public String finish(StopReason reason, String message) {
      return rules.finish(message);
    }
  }
}
