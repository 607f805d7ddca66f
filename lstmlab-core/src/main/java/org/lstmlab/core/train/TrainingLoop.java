package org.lstmlab.core.train;

import java.util.Arrays;
import java.util.function.BooleanSupplier;
import org.lstmlab.core.kernel.Kernels;
import org.lstmlab.core.nn.Mode;
import org.lstmlab.core.nn.Parameters;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.optim.GradientClipping;
import org.lstmlab.core.optim.LrSchedule;
import org.lstmlab.core.optim.Optimizer;

/**
 * The one training loop: {@link Trainer} (epochs over windows), {@link TruncatedBptt} (chunks that
 * carry the state) and the long-time-lag {@code Experiment} (a fresh batch per step) all run their
 * updates here, with one divergence rule, one cancellation check and one {@link TrainingListener}.
 *
 * <p>A run is a sequence of periods, each a sequence of steps. What a period is belongs to the
 * {@link Plan}: an epoch of the Trainer, a pass over the sequences of truncated BPTT, the steps
 * between two evaluations of an experiment. The plan says how many steps each period has, supplies
 * each step's {@link Batch}, and evaluates at the end of a period; the loop does the rest. One
 * step, as llm.c's training loop does it:
 *
 * <pre>
 * optimizer.setLr(schedule.lr(period − 1))    at the start of each period, if there is a schedule
 * cancelled?                                   before every step → CANCELLED
 * params.zeroGrad()                            gradients of this batch only
 * pred = model.forward(x, TRAINING)           x (B, T, I) with h0, c0; dropout on
 * loss = batch.loss(pred, dPred)               writes dL/dpred
 * loss NaN, infinite or grown                  → DIVERGED ({@link DivergenceGuard})
 * model.backwardParameters(dPred)              accumulates params.grad()
 * norm = clip, or measure, the global norm     NaN or infinite → DIVERGED
 * copy params; optimizer.step(params)          the only write to the parameters
 * a parameter NaN or infinite                  → undo from the copy, DIVERGED
 * plan.stepped(); listener.onBatchEnd(...)
 * </pre>
 *
 * and after each period: {@code plan.evaluate}, {@code listener.onEpochEnd}, {@code
 * plan.afterPeriod} (which may stop the run: early stopping). At the end, {@code plan.finish}
 * (which may put other parameters in place: the best epoch's) and {@code listener.onStop}, exactly
 * once, whatever the reason.
 *
 * <p>The model is never left with a NaN or infinite parameter: the step that produced one is undone
 * from the copy. The copy and the finiteness test cost 31–59 µs per step against 1.4–2.1 ms for
 * the step itself (the notebook's LSTM, H = 100, T = 12, batch 1, 41,301 parameters, on the 2-core
 * build machine), about 2–3%. A divergence found from the loss or the gradient norm stops before
 * the step, so nothing needs undoing; a loss that grew is reported at the step that measured it,
 * with the parameters of the steps before (finite, but far from useful: a caller that saves models
 * should not save a diverged one, as the CLI does not).
 *
 * <p>Order of use: one loop per run, {@link #run} once. Not thread-safe.
 */
public final class TrainingLoop {

  /** The loss of one batch: writes dL/dpred into {@code dPred} and returns the loss. */
  @FunctionalInterface
  public interface LossGradient {
    /**
     * @param pred the model's output for the batch
     * @param dPred receives dL/dpred, the same shape as {@code pred}; every element is written
     * @return the loss
     */
    double apply(float[] pred, float[] dPred);
  }

  /**
   * Where a step's gradient is computed when not by this JVM's model: a data-parallel trainer
   * (the Spark module's synchronous mode) runs forward and backward on the batch's windows where
   * they live and sums the results here. The loop does everything else as for a local step (the
   * divergence rule, clipping, the update, the undo).
   */
  @FunctionalInterface
  public interface Gradient {
    /**
     * Writes the gradient of {@code b}'s loss at the model's current parameters into its
     * parameters' {@code grad()}, which the loop has zeroed, and returns the loss.
     */
    double compute(Batch b);
  }

  /**
   * One step's input.
   *
   * @param x (B, T, I) inputs, batch-first, with (L, B, H) initial states or zeros
   * @param weight the loss's weight in its period's mean training loss (windows in the batch,
   *     steps in a chunk, or 1)
   * @param loss scores the model's output on this batch
   */
  public record Batch(SequenceBatch x, int weight, LossGradient loss) {}

  /**
   * Why a plan stops the run after a period.
   *
   * @param reason {@link StopReason#EARLY_STOPPED} or {@link StopReason#DIVERGED}
   * @param message one line for a person
   */
  public record Stop(StopReason reason, String message) {}

  /**
   * What one kind of run trains on, period by period. Order of calls: for each period {@link
   * #startPeriod}, then per step {@link #batch} and (if the step was applied) {@link #stepped};
   * after the period's last step {@link #evaluate}, the listener's {@code onEpochEnd}, {@link
   * #afterPeriod}; finally {@link #finish}. Periods and steps count from 1.
   */
  public interface Plan {
    /** Periods in the run, ≥ 0. */
    int periods();

    /**
     * Starts a period (shuffles, resets carried state), after the loop set its learning rate.
     *
     * @return the period's number of steps, ≥ 1
     */
    int startPeriod(int period);

    /** The batch of one step; its arrays are read during the step only and may be reused. */
    Batch batch(int period, int step);

    /** After a step was applied, e.g. to carry the final state into the next chunk. */
    default void stepped(int period, int step) {}

    /**
     * Evaluates after a period.
     *
     * @param trainLoss the period's weighted mean training loss
     * @param steps steps applied in the run so far
     * @return the loss on held-out data, or NaN if there is none
     */
    double evaluate(int period, double trainLoss, long steps);

    /** After the listener heard the period: null to go on, or why the run stops. */
    default Stop afterPeriod(int period, double trainLoss, double heldOutLoss) {
      return null;
    }

    /**
     * Where a step is, for messages: {@code "epoch 3, batch 17"}.
     *
     * @param of the period's number of steps, to be named ({@code " of 25"}), or 0 for none
     */
    String where(int period, int step, int of);

    /**
     * Called once as the run ends, before the listener's {@code onStop}: puts the final parameters
     * in place and returns the final message.
     *
     * @param message the loop's message for a divergence or a cancellation, the plan's own from
     *     {@link #afterPeriod}, or null for a completed run, which the plan names
     */
    String finish(StopReason reason, String message);
  }

  /**
   * What a run did.
   *
   * @param reason why it ended
   * @param message the final message, as {@code onStop} heard it
   * @param trainLoss per completed period, its weighted mean training loss
   * @param heldOutLoss per completed period, what {@link Plan#evaluate} returned
   * @param steps steps applied (and kept)
   * @param elapsedMillis wall time of the run
   */
  public record Outcome(StopReason reason, String message, double[] trainLoss,
      double[] heldOutLoss, long steps, long elapsedMillis) {}

  /**
   * Where a run stands after an applied step: what {@link #run(Plan, Progress)} needs to go on
   * from there as the run would have gone on.
   *
   * @param period the current period, from 1
   * @param step steps applied in it
   * @param lossSum Σ weight·loss over those steps
   * @param weights Σ weight over those steps
   * @param trainLoss per completed period, its weighted mean training loss
   * @param heldOutLoss per completed period, its held-out loss
   * @param steps steps applied in the run
   * @param guardReference the divergence rule's reference loss
   * @param guardSeen the steps that made it
   */
  public record Progress(int period, int step, double lossSum, long weights, double[] trainLoss,
      double[] heldOutLoss, long steps, double guardReference, int guardSeen)
      implements java.io.Serializable {

    /** A run that has not started. */
    static final Progress START = new Progress(1, 0, 0, 0, new double[0], new double[0], 0, 0, 0);
  }

  private final SequenceModel model;
  private final Optimizer optimizer;
  private final double clip;
  private final LrSchedule schedule;
  private final TrainingListener listener;
  private final BooleanSupplier cancelled;
  private final Parameters params;
  private final float[] w;
  private final float[] beforeStep; // the parameters before the current step: the last finite
  private final DivergenceGuard guard = new DivergenceGuard();
  private final Gradient gradient; // null: this model's forward and backward
  private float[] dPred = new float[0]; // dL/dpred of the current step
  private float[] spare = new float[0]; // the other size's: a full and a last batch alternate
  private double lastLoss; // the loss of the last step applied
  private long start;
  // Where the run stands, for progress():
  private int period;
  private int step;
  private double sum; // Σ weight·loss over the current period's steps
  private long weights; // Σ weight
  private double[] trainLoss = new double[0]; // per completed period
  private double[] heldOut = new double[0];
  private int done; // completed periods
  private long steps;

  /**
   * A loop over {@code model}'s parameters.
   *
   * @param model the model to train
   * @param optimizer a fresh optimizer for this run
   * @param clip the largest global gradient norm, 0 for no clipping
   * @param schedule the learning rate per period, {@code schedule.lr(period − 1)} set at the start
   *     of each; or null to keep the optimizer's
   * @param listener hears the progress, or null
   * @param cancelled polled before every step; the run stops once it returns true; or null
   */
  public TrainingLoop(SequenceModel model, Optimizer optimizer, double clip, LrSchedule schedule,
      TrainingListener listener, BooleanSupplier cancelled) {
    this(model, optimizer, clip, schedule, listener, cancelled, null);
  }

  /**
   * A loop whose steps take their gradient from {@code gradient} (null: the model's own forward
   * and backward on the batch), the other arguments as above.
   */
  public TrainingLoop(SequenceModel model, Optimizer optimizer, double clip, LrSchedule schedule,
      TrainingListener listener, BooleanSupplier cancelled, Gradient gradient) {
    if (model == null || optimizer == null) {
      throw new IllegalArgumentException("model and optimizer must not be null");
    }
    if (!(clip >= 0 && Double.isFinite(clip))) {
      throw new IllegalArgumentException("clip must be finite and >= 0 (0 = off), got " + clip);
    }
    this.model = model;
    this.optimizer = optimizer;
    this.clip = clip;
    this.schedule = schedule;
    this.listener = listener == null ? TrainingListener.NONE : listener;
    this.cancelled = cancelled == null ? () -> false : cancelled;
    this.params = model.parameters();
    this.w = params.data();
    this.beforeStep = new float[w.length];
    this.gradient = gradient;
  }

  /** Wall time since {@link #run} started. */
  public long elapsedMillis() {
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** The end of every divergence message: a lower learning rate, or clipping if it is off. */
  public String hint() {
    return "; try a lower --lr (was " + optimizer.lr() + ")" + (clip > 0 ? "" : " or --clip 1");
  }

  /** Runs {@code plan} to its end, a stop, a divergence or a cancellation. */
  public Outcome run(Plan plan) {
    return run(plan, Progress.START);
  }

  /**
   * Runs {@code plan} on from {@code from}, a {@link #progress} of an earlier run of the same plan
   * over the same data: the periods before {@code from.period()} count as done, and the current
   * one starts (its {@link Plan#startPeriod} is called) and goes on after step {@code
   * from.step()}. The caller restores the parameters and the optimizer state; the plan's batches
   * must depend only on the period and the step (the Trainer's do once its shuffles are replayed).
   */
  public Outcome run(Plan plan, Progress from) {
    start = System.nanoTime();
    int periods = plan.periods();
    if (from.period() < 1 || from.trainLoss().length != from.period() - 1
        || from.period() > Math.max(periods, 1)) {
      throw new IllegalArgumentException("cannot resume at period " + from.period() + " with "
          + from.trainLoss().length + " periods done in a run of " + periods);
    }
    trainLoss = Arrays.copyOf(from.trainLoss(), periods);
    heldOut = Arrays.copyOf(from.heldOutLoss(), periods);
    done = from.trainLoss().length;
    steps = from.steps();
    guard.restore(from.guardReference(), from.guardSeen());
    StopReason reason = StopReason.COMPLETED;
    String message = null;

    periodLoop:
    for (period = from.period(); period <= periods; period++) {
      if (schedule != null) {
        optimizer.setLr(schedule.lr(period - 1));
      }
      int count = plan.startPeriod(period);
      boolean resumed = period == from.period();
      sum = resumed ? from.lossSum() : 0;
      weights = resumed ? from.weights() : 0;
      for (step = resumed ? from.step() + 1 : 1; step <= count; step++) {
        if (cancelled.getAsBoolean()) {
          reason = StopReason.CANCELLED;
          message = "cancelled at " + plan.where(period, step, count);
          break periodLoop;
        }
        Batch b = plan.batch(period, step);
        String problem = step(b);
        if (problem != null) {
          reason = StopReason.DIVERGED;
          message = "training diverged at " + plan.where(period, step, 0) + ": " + problem + hint();
          break periodLoop;
        }
        steps++;
        sum += lastLoss * b.weight;
        weights += b.weight;
        plan.stepped(period, step);
        listener.onBatchEnd(period, step, count, lastLoss);
      }
      double train = sum / weights;
      double held = plan.evaluate(period, train, steps);
      trainLoss[done] = train;
      heldOut[done] = held;
      done++;
      listener.onEpochEnd(period, train, held, optimizer.lr(), elapsedMillis());
      Stop stop = plan.afterPeriod(period, train, held);
      if (stop != null) {
        reason = stop.reason();
        message = stop.message();
        break;
      }
    }
    message = plan.finish(reason, message);
    Outcome outcome = new Outcome(reason, message, Arrays.copyOf(trainLoss, done),
        Arrays.copyOf(heldOut, done), steps, elapsedMillis());
    listener.onStop(reason, message);
    return outcome;
  }

  /** Steps applied in the run so far, a resumed run's earlier ones included. */
  public long steps() {
    return steps;
  }

  /**
   * Where the run stands: valid in {@link Plan#stepped} (after the step, before the next), which
   * is where a plan takes checkpoints.
   */
  public Progress progress() {
    return new Progress(period, step, sum, weights, Arrays.copyOf(trainLoss, done),
        Arrays.copyOf(heldOut, done), steps, guard.reference(), guard.seen());
  }

  /** One update; returns null if it was applied, else what went wrong (nothing was applied). */
  private String step(Batch b) {
    params.zeroGrad();
    double l;
    if (gradient != null) {
      l = gradient.compute(b);
      String bad = guard.check(l);
      if (bad != null) {
        return bad;
      }
    } else {
      float[] pred = model.forward(b.x, Mode.TRAINING);
      if (dPred.length != pred.length) {
        float[] other = spare;
        spare = dPred;
        dPred = other.length == pred.length ? other : new float[pred.length];
      }
      l = b.loss.apply(pred, dPred);
      String bad = guard.check(l);
      if (bad != null) {
        return bad;
      }
      model.backwardParameters(dPred);
    }
    double norm = clip > 0
        ? GradientClipping.clipByGlobalNorm(params, clip)
        : GradientClipping.globalNorm(params);
    if (!Double.isFinite(norm)) {
      return "gradient norm is " + norm;
    }
    System.arraycopy(w, 0, beforeStep, 0, w.length);
    optimizer.step(params);
    if (!Kernels.norms().allFinite(w, 0, w.length)) {
      int i = firstNonFinite(w);
      float value = w[i];
      System.arraycopy(beforeStep, 0, w, 0, w.length);
      return "parameter " + nameAt(i) + " became " + value + " in the update";
    }
    lastLoss = l;
    return null;
  }

  private String nameAt(int index) {
    for (Parameters.Tensor t : params.tensors()) {
      if (index >= t.offset() && index < t.offset() + t.size()) {
        return t.name() + "[" + (index - t.offset()) + "]";
      }
    }
    return "#" + index;
  }

  private static int firstNonFinite(float[] a) {
    for (int i = 0; i < a.length; i++) {
      if (!Float.isFinite(a[i])) {
        return i;
      }
    }
    return 0;
  }
}
