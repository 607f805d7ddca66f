package org.lstmlab.core.lags;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.lstmlab.core.lags.ExperimentResult.CurvePoint;
import org.lstmlab.core.lags.ExperimentResult.ModelResult;
import org.lstmlab.core.nn.CellType;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.optim.Optimizer;
import org.lstmlab.core.optim.Optimizers;
import org.lstmlab.core.train.Evaluation;
import org.lstmlab.core.train.StopReason;
import org.lstmlab.core.train.TrainingListener;
import org.lstmlab.core.train.TrainingLoop;

/**
 * Trains several recurrent models on one long-time-lag task and records their learning curves.
 *
 * <p>The protocol follows Arjovsky, Shah &amp; Bengio 2016, §4: every step draws a fresh batch
 * (there is no fixed training set, so a model cannot memorise its way past the baseline), computes
 * the loss, backpropagates through all T steps, clips the gradient's global norm and applies the
 * optimizer. The steps are {@link TrainingLoop}'s, which every kind of training shares: its
 * divergence rule stops a model whose loss, gradient or parameters turn NaN or whose loss grows
 * ten-thousandfold (the model keeps its last finite parameters, and its result says {@link
 * StopReason#DIVERGED}), and a cancellation flag is checked before every step. Every model sees the same stream of batches (the data stream is seeded by {@code seed}
 * alone), starts from its own initial parameters (seeded by {@code seed} and the model's name, so
 * that adding a model to the list does not change another's run), and is scored on one held-out set
 * drawn once from a third stream. Models run one after another, so their times are comparable.
 *
 * <p>Order of use: {@link #builder} → setters → {@link Builder#build()} (validates) → {@link
 * #run}, once or many times. A run is a pure function of the configuration, times apart; it builds
 * its own models, so runs of one experiment may proceed on several threads at once.
 *
 * <p>The {@link TrainingListener} of a run hears, per model: {@link TrainingListener#onEvaluation}
 * at step 0 and after every {@code evalEvery} steps (and the last), {@link
 * TrainingListener#onBatchEnd} per step and {@link TrainingListener#onEpochEnd} per period between
 * two evaluations (its validation loss is the held-out loss), and {@link TrainingListener#onStop}
 * when the model's training ends.
 */
public final class Experiment {

  /**
   * The whole configuration of a run; {@link Builder} holds the defaults.
   *
   * @param task {@code adding}, {@code order} or {@code copy}
   * @param length T, the task's lag parameter
   * @param models cell ids, trained in this order
   * @param hidden H, hidden units of every model
   * @param batch B, sequences per training step
   * @param steps training steps per model
   * @param optimizer an {@link Optimizers} name
   * @param lr the learning rate
   * @param clip the largest global gradient norm, or 0 for no clipping
   * @param seed the seed of the data, the held-out set and the initial parameters
   * @param evalEvery steps between evaluations on the held-out set
   * @param testSize sequences in the held-out set
   * @param unitForgetBias whether LSTMs start with forget-gate bias 1 (Gers et al. 2000)
   */
  public record Config(
      String task,
      int length,
      List<String> models,
      int hidden,
      int batch,
      int steps,
      String optimizer,
      double lr,
      double clip,
      long seed,
      int evalEvery,
      int testSize,
      boolean unitForgetBias) {

    /** Copies the list. */
    public Config {
      models = List.copyOf(models);
    }
  }

  /**
   * 2⁶⁴/φ, SplitMix64's increment: mixed into the run's seed to derive the held-out set's seed and
   * the models' seeds, so that no two streams coincide.
   */
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private final Config config;
  private final LagTask task;
  private final List<CellType> cells;

  private Experiment(Config config, LagTask task, List<CellType> cells) {
    this.config = config;
    this.task = task;
    this.cells = cells;
  }

  /** A builder for a run of {@code task} ({@code adding}, {@code order}, {@code copy}) at T = {@code length}. */
  public static Builder builder(String task, int length) {
    return new Builder(task, length);
  }

  /** The configuration. */
  public Config config() {
    return config;
  }

  /** The task. */
  public LagTask task() {
    return task;
  }

  /** The seed of a model's initial parameters: the run's seed mixed with the cell's id. */
  public static long modelSeed(long seed, String model) {
    long h = seed ^ ((long) model.hashCode() * GOLDEN_GAMMA);
    // SplitMix64's finaliser, so nearby seeds give unrelated parameters.
    h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
    h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
    return h ^ (h >>> 31);
  }

  /** The held-out set: {@code testSize} sequences from their own stream. */
  public Batch testSet() {
    return task.batch(config.testSize(), new SplittableRandom(config.seed() ^ GOLDEN_GAMMA));
  }

  /**
   * Trains and evaluates every model, in order, reporting to {@code listener}.
   *
   * @param listener hears every model's steps and evaluations, or null
   * @param cancelled polled before every step; once it returns true, the model in training stops
   *     (its result says {@link StopReason#CANCELLED}) and the models after it are not trained, so
   *     the result holds fewer models than the configuration lists; or null
   */
  public ExperimentResult run(TrainingListener listener, BooleanSupplier cancelled) {
    Batch test = testSet();
    List<ModelResult> results = new ArrayList<>();
    for (CellType cell : cells) {
      ModelResult r = new ModelRun(cell, test, listener, cancelled).go();
      results.add(r);
      if (r.stopReason() == StopReason.CANCELLED) {
        break;
      }
    }
    return new ExperimentResult(
        config, task.baseline(test), task.expectedBaseline(), task.lossName(), results);
  }

  /** {@code run(listener, null)}: without cancellation. */
  public ExperimentResult run(TrainingListener listener) {
    return run(listener, null);
  }

  /** {@code run(null, null)}. */
  public ExperimentResult run() {
    return run(null, null);
  }

  /**
   * One model's training, as a {@link TrainingLoop.Plan}: periods of {@code evalEvery} steps (the
   * last holding the remainder), each step a fresh batch, an evaluation after each period.
   */
  private final class ModelRun implements TrainingLoop.Plan {
    final CellType cell;
    final Batch test;
    final TrainingListener listener;
    final long start = System.nanoTime();
    final long modelSeed;
    final SequenceModel model;
    final SplittableRandom data = new SplittableRandom(config.seed());
    final TrainingLoop loop;
    final List<CurvePoint> curve = new ArrayList<>();

    ModelRun(CellType cell, Batch test, TrainingListener listener, BooleanSupplier cancelled) {
      this.cell = cell;
      this.test = test;
      this.listener = listener == null ? TrainingListener.NONE : listener;
      this.modelSeed = modelSeed(config.seed(), cell.id());
      this.model =
          SequenceModel.builder(cell, task.inputSize(), config.hidden())
              .outputSize(task.outputSize())
              .outputs(task.outputs())
              .unitForgetBias(config.unitForgetBias() && cell == CellType.LSTM)
              .seed(modelSeed)
              .build();
      Optimizer optimizer = Optimizers.byName(config.optimizer(), config.lr());
      this.loop = new TrainingLoop(model, optimizer, config.clip(), null, this.listener, cancelled);
    }

    ModelResult go() {
      record(0, Double.NaN);
      TrainingLoop.Outcome o = loop.run(this);
      double seconds = (System.nanoTime() - start) / 1e9;
      CurvePoint last = curve.get(curve.size() - 1);
      return new ModelResult(cell.id(), modelSeed, curve, last.test(), (int) o.steps(),
          o.reason(), o.message(), seconds);
    }

    @Override
    public int periods() {
      return (config.steps() + config.evalEvery() - 1) / config.evalEvery();
    }

    @Override
    public int startPeriod(int period) {
      return Math.min(config.evalEvery(), config.steps() - (period - 1) * config.evalEvery());
    }

    @Override
    public TrainingLoop.Batch batch(int period, int step) {
      Batch b = task.batch(config.batch(), data);
      return new TrainingLoop.Batch(SequenceBatch.of(b.x(), b.size(), b.steps(), task.inputSize()), 1,
          (pred, dPred) -> task.lossAndGradient(pred, b, dPred));
    }

    @Override
    public double evaluate(int period, double trainLoss, long steps) {
      return record((int) steps, trainLoss).test().loss();
    }

    @Override
    public String where(int period, int step, int of) {
      int global = (period - 1) * config.evalEvery() + step;
      return "step " + global + (of > 0 ? " of " + config.steps() : "");
    }

    @Override
    public String finish(StopReason reason, String message) {
      return message == null ? "completed " + config.steps() + " steps" : message;
    }

    /** Scores the model, adds the point to the curve and tells the listener. */
    CurvePoint record(int step, double trainLoss) {
      CurvePoint p = score(model, test, step, trainLoss, start);
      curve.add(p);
      listener.onEvaluation(new Evaluation(cell.id(), p.step(), p.trainLoss(), p.test().loss(),
          p.test().accuracy(), p.seconds()));
      return p;
    }
  }

  /** Scores the model on the held-out set, in chunks of the training batch size. */
  private CurvePoint score(SequenceModel model, Batch test, int step, double trainLoss, long start) {
    int n = test.size();
    int steps = test.steps();
    int in = task.inputSize();
    int perSequence = task.outputs() == SequenceModel.Outputs.ALL ? steps * task.outputSize() : task.outputSize();
    float[] pred = new float[n * perSequence];
    int chunk = config.batch();
    for (int from = 0; from < n; from += chunk) {
      int size = Math.min(chunk, n - from);
      float[] x = new float[size * steps * in];
      System.arraycopy(test.x(), from * steps * in, x, 0, x.length);
      float[] p = model.predict(SequenceBatch.of(x, size, steps, in));
      System.arraycopy(p, 0, pred, from * perSequence, p.length);
    }
    Score score = task.score(pred, test);
    return new CurvePoint(step, trainLoss, score, (System.nanoTime() - start) / 1e9);
  }

  /** Collects a run's configuration; every default is set here and only here. */
  public static final class Builder {
    /** Default H: Arjovsky et al.'s 128 hidden units. */
    public static final int DEFAULT_HIDDEN = 128;
    /** Default B: Arjovsky et al.'s batches of 50 sequences. */
    public static final int DEFAULT_BATCH = 50;
    /**
     * Default training steps per model. Arjovsky et al.'s LSTM reaches about 0.01 on the adding
     * problem at T = 100 after about 5000; from seed 1, in the paper's setting, LSTM Lab's stays on
     * the baseline's plateau until about step 5500 and is below 0.01 from about step 9200 (0.0072
     * at 10 000). With the vector kernel that is 4.4 minutes for the LSTM and 1.1 for the RNN on the
     * build machine's two cores (docs/LONG-TIME-LAGS.md).
     */
    public static final int DEFAULT_STEPS = 10_000;
    /** Default optimizer: RMSprop, as Arjovsky et al. */
    public static final String DEFAULT_OPTIMIZER = "rmsprop";
    /** Default learning rate, as Arjovsky et al. */
    public static final double DEFAULT_LR = 1e-3;
    /** Default gradient clipping: global norm 1, as Arjovsky et al. */
    public static final double DEFAULT_CLIP = 1.0;
    /** Default seed. */
    public static final long DEFAULT_SEED = 1;
    /** Default steps between evaluations. */
    public static final int DEFAULT_EVAL_EVERY = 100;
    /** Default held-out set size. */
    public static final int DEFAULT_TEST_SIZE = 1000;
    /**
     * Default for LSTMs: forget-gate bias 1 rather than PyTorch's 0, so that the cell starts out
     * remembering [Gers, Schmidhuber &amp; Cummins 2000; Jozefowicz, Zaremba &amp; Sutskever 2015].
     * At T = 30 it turned an LSTM that failed from one seed of three into one that solved all three
     * (see docs/LONG-TIME-LAGS.md).
     */
    public static final boolean DEFAULT_UNIT_FORGET_BIAS = true;
    /** Default models: the LSTM against the plain tanh RNN. */
    public static final List<String> DEFAULT_MODELS = List.of("lstm", "rnn");

    private final String task;
    private final int length;
    private List<String> models = DEFAULT_MODELS;
    private int hidden = DEFAULT_HIDDEN;
    private int batch = DEFAULT_BATCH;
    private int steps = DEFAULT_STEPS;
    private String optimizer = DEFAULT_OPTIMIZER;
    private double lr = DEFAULT_LR;
    private double clip = DEFAULT_CLIP;
    private long seed = DEFAULT_SEED;
    private int evalEvery = DEFAULT_EVAL_EVERY;
    private int testSize = DEFAULT_TEST_SIZE;
    private boolean unitForgetBias = DEFAULT_UNIT_FORGET_BIAS;

    private Builder(String task, int length) {
      this.task = task;
      this.length = length;
    }

    /** Cell ids to train, in order (default lstm, rnn). */
    public Builder models(List<String> models) {
      this.models = models;
      return this;
    }

    /** H (default {@value #DEFAULT_HIDDEN}). */
    public Builder hidden(int hidden) {
      this.hidden = hidden;
      return this;
    }

    /** B (default {@value #DEFAULT_BATCH}). */
    public Builder batch(int batch) {
      this.batch = batch;
      return this;
    }

    /** Training steps per model (default {@value #DEFAULT_STEPS}). */
    public Builder steps(int steps) {
      this.steps = steps;
      return this;
    }

    /** Optimizer name (default {@value #DEFAULT_OPTIMIZER}). */
    public Builder optimizer(String optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    /** Learning rate (default {@value #DEFAULT_LR}). */
    public Builder lr(double lr) {
      this.lr = lr;
      return this;
    }

    /** Largest global gradient norm, 0 for none (default {@value #DEFAULT_CLIP}). */
    public Builder clip(double clip) {
      this.clip = clip;
      return this;
    }

    /** Seed of data, held-out set and initial parameters (default {@value #DEFAULT_SEED}). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Steps between evaluations (default {@value #DEFAULT_EVAL_EVERY}). */
    public Builder evalEvery(int evalEvery) {
      this.evalEvery = evalEvery;
      return this;
    }

    /** Held-out sequences (default {@value #DEFAULT_TEST_SIZE}). */
    public Builder testSize(int testSize) {
      this.testSize = testSize;
      return this;
    }

    /** Whether LSTMs start with forget-gate bias 1 (default {@value #DEFAULT_UNIT_FORGET_BIAS}). */
    public Builder unitForgetBias(boolean unitForgetBias) {
      this.unitForgetBias = unitForgetBias;
      return this;
    }

    /**
     * The experiment.
     *
     * @throws IllegalArgumentException naming the first setting out of range: an unknown task,
     *     model or optimizer, a length the task does not allow, sizes ≤ 0, steps &lt; 0, a learning
     *     rate or clip out of range
     */
    public Experiment build() {
      LagTask t = LagTask.create(task, length);
      if (models == null || models.isEmpty()) {
        throw new IllegalArgumentException("models must name at least one of lstm, gru, rnn, rnn_relu");
      }
      List<CellType> cells = new ArrayList<>();
      for (String m : models) {
        CellType c = CellType.fromId(m);
        if (cells.contains(c)) {
          throw new IllegalArgumentException("models lists '" + m + "' twice");
        }
        cells.add(c);
      }
      requirePositive("hidden", hidden);
      requirePositive("batch", batch);
      if (steps < 0) {
        throw new IllegalArgumentException("steps must be >= 0, got " + steps);
      }
      requirePositive("evalEvery", evalEvery);
      requirePositive("testSize", testSize);
      Optimizers.byName(optimizer, lr); // validates name and lr
      if (!(clip >= 0 && Double.isFinite(clip))) {
        throw new IllegalArgumentException("clip must be finite and >= 0 (0: no clipping), got " + clip);
      }
      List<String> ids = cells.stream().map(CellType::id).toList();
      Config config = new Config(task, length, ids, hidden, batch, steps, optimizer, lr, clip, seed,
          evalEvery, testSize, unitForgetBias);
      return new Experiment(config, t, List.copyOf(cells));
    }

    private static void requirePositive(String name, int value) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be > 0, got " + value);
      }
    }
  }
}
