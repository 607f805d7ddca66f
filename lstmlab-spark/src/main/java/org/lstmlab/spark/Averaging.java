package org.lstmlab.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.param.ParamPair;
import org.lstmlab.core.forecast.ForecastSpec;
import org.lstmlab.core.loss.Loss;
import org.lstmlab.core.nn.SequenceBatch;
import org.lstmlab.core.nn.SequenceModel;
import org.lstmlab.core.optim.Optimizer;
import org.lstmlab.core.train.EpochRules;
import org.lstmlab.core.train.StopReason;
import org.lstmlab.core.train.TrainerConfig;
import org.lstmlab.core.train.TrainingLoop;
import org.lstmlab.core.train.TrainingResult;

/**
 * One global model trained by parameter averaging: each partition takes K local optimizer steps
 * from the broadcast weights and optimizer state, then the weights and the optimizer state (Adam's
 * moments, the step count) are averaged, one Spark job per K steps instead of one per step.
 *
 * <p>Algorithm (model averaging, as Deeplearning4j's {@code ParameterAveragingTrainingMaster} did
 * it and as "local SGD" [Stich 2019, "Local SGD converges fast and communicates little"] studies
 * it; averaging the optimizer state too keeps Adam's step sizes continuous across syncs):
 *
 * <pre>
 * epoch e:  the order of all N windows, shuffled from the seed exactly as the Trainer does,
 *           broadcast once; each partition keeps its own windows in that order and cuts them
 *           into local batches of B (the last holding the remainder)
 * round r:  broadcast (weights, optimizer state, lr) once
 *           each partition p: local batches r·K .. r·K + K − 1 (fewer, or none, near the end),
 *             run through the library's one TrainingLoop (divergence rule, clipping, update)
 *           w = Σ_p c_p·w_p / Σ_p c_p  (c_p: windows partition p trained on this round; in
 *           double, by {@link TreeSum}'s fixed tree, so the sum does not depend on task timing);
 *           the optimizer's slots likewise; its step count the largest t_p
 * after e:  the validation loss (the synchronous mode's pass), early stopping and best-epoch
 *           restore with the Trainer's rules
 * </pre>
 *
 * With one partition a round is K of the Trainer's own steps on the Trainer's own batches, and
 * c·w / c is w exactly, so the run equals single-process training bit for bit (tested). With P
 * partitions each round moves about P·K·B windows; the rounds per epoch are those of the
 * partition with the most windows.
 *
 * <p>Checkpoints: with {@code checkpointDir} set, every {@code checkpointInterval} rounds the
 * driver writes the whole run state (position, weights, optimizer state, loss curves, best epoch)
 * to {@code checkpoint-NNNNNNNN} through a temporary file and a rename, so a complete checkpoint
 * is always there; a later fit with the same directory and Params resumes from the newest and
 * ends with the weights of an uninterrupted run. The files are removed when the run ends.
 */
final class Averaging {

  private final JavaSparkContext sc;
  private final JavaRDD<SyncTraining.Part> parts;
  private final SyncTraining.Setup setup;
  private final SequenceModel model;
  private final SyncTraining.Source source;
  private final int[] local;
  private final ForecastParams params;
  private final TrainerConfig config;

  /**
   * @param source the windows' validation loss and the cost of syncs
   * @param local training windows per partition, in partition order
   */
  Averaging(JavaSparkContext sc, JavaRDD<SyncTraining.Part> parts, SyncTraining.Setup setup,
      SequenceModel model, SyncTraining.Source source, int[] local, ForecastParams params) {
    this.sc = sc;
    this.parts = parts;
    this.setup = setup;
    this.model = model;
    this.source = source;
    this.local = local;
    this.params = params;
    this.config = params.toConfig().training();
  }

  /** What a round sends: the weights, the optimizer state, the lr and which local batches. */
  record Round(float[] weights, Optimizer.State state, double lr, int epoch, int round, int first,
      int count) implements Serializable {}

  /**
   * What partitions return, summed: Σ c·w and Σ c·slot (in double), the largest step count, Σ c,
   * Σ c·(mean loss), the first divergence message in partition order, the slowest compute time.
   */
  record Local(double[] w, double[][] slots, long steps, long windows, double loss,
      String problem, long nanos) implements Serializable {

    static Local none(long nanos) {
      return new Local(null, null, 0, 0, 0, null, nanos);
    }

    /** a + b, reusing a's arrays. */
    static Local plus(Local a, Local b) {
      double[] w = a.w() == null ? b.w() : a.w();
      double[][] s = a.slots() == null ? b.slots() : a.slots();
      if (a.w() != null && b.w() != null) {
        add(w, b.w());
        for (int k = 0; k < s.length; k++) {
          if (s[k] != null) {
            add(s[k], b.slots()[k]);
          }
        }
      }
      return new Local(w, s, Math.max(a.steps(), b.steps()), a.windows() + b.windows(),
          a.loss() + b.loss(), a.problem() != null ? a.problem() : b.problem(),
          Math.max(a.nanos(), b.nanos()));
    }

    private static void add(double[] acc, double[] d) {
      for (int i = 0; i < acc.length; i++) {
        acc[i] += d[i];
      }
    }
  }

  /** The whole state of a run between two rounds, as a checkpoint holds it. */
  record State(int epoch, int round, float[] weights,
      Optimizer.State optimizer, double epochLoss, long epochWindows, double[] trainLoss,
      double[] validationLoss, EpochRules.Snapshot rules, long rounds) implements Serializable {}

  /** Runs the epochs; the model is left with the final (or the best epoch's) weights. */
  TrainingResult run() {
    long start = System.nanoTime();
    int n = source.count();
    int nVal = source.validationCount();
    if (config.patience() > 0 && nVal == 0) {
      throw new IllegalArgumentException("patience " + config.patience() + " needs validation"
          + " windows; the series leave none (raise validation)");
    }
    int size = config.batchSize();
    int k = (Integer) params.getOrDefault(params.localSteps());
    int longest = 0;
    for (int m : local) {
      longest = Math.max(longest, (m + size - 1) / size);
    }
    int rounds = (longest + k - 1) / k;
    float[] w = model.parameters().data();
    Optimizer fresh = config.newOptimizer();
    double lr0 = fresh.lr();
    Checkpoints checkpoints = new Checkpoints(sc, params, n);
    State s = checkpoints.load(State.class);
    EpochRules rules = new EpochRules(config.patience(), config.epochs(), w);
    if (s == null) {
      s = new State(1, 0, w.clone(), fresh.state(), 0, 0, new double[0],
          new double[0], rules.snapshot(), 0);
    }
    System.arraycopy(s.weights(), 0, w, 0, w.length);
    rules.restore(s.rules());
    Optimizer.State opt = s.optimizer();
    double[] trainLoss = Arrays.copyOf(s.trainLoss(), config.epochs());
    double[] valLoss = Arrays.copyOf(s.validationLoss(), config.epochs());
    int done = s.trainLoss().length;
    long roundsRun = s.rounds();
    StopReason reason = StopReason.COMPLETED;
    String message = null;

    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(config.seed());
    for (int e = 1; e < s.epoch(); e++) { // replay the shuffles of the epochs done
      shuffle(order, rng);
    }
    SyncTraining.Setup su = setup;
    int fan = source.fan;
    epochs:
    for (int epoch = s.epoch(); epoch <= config.epochs(); epoch++) {
      shuffle(order, rng);
      double lr = config.schedule() == null ? lr0 : config.schedule().lr(epoch - 1);
      boolean resumed = epoch == s.epoch();
      double lossSum = resumed ? s.epochLoss() : 0;
      long windows = resumed ? s.epochWindows() : 0;
      Broadcast<int[]> shared = sc.broadcast(order.clone());
      try {
        for (int r = resumed ? s.round() : 0; r < rounds; r++) {
          long t0 = System.nanoTime();
          Broadcast<Round> step = sc.broadcast(new Round(w.clone(), opt, lr, epoch, r, r * k, k));
          Local sum = TreeSum.of(parts.map(part -> local(part, shared.value(), step.value(),
              su)), fan, Local::plus);
          step.destroy(false);
          source.cost.add(System.nanoTime() - t0, sum.nanos());
          if (sum.problem() != null) {
            reason = StopReason.DIVERGED;
            message = sum.problem();
            break epochs;
          }
          float[] avg = new float[w.length];
          if (!mean(sum.w(), sum.windows(), avg)) {
            reason = StopReason.DIVERGED;
            message = "training diverged at epoch " + epoch + ", round " + (r + 1)
                + ": the averaged weights are not finite";
            break epochs;
          }
          System.arraycopy(avg, 0, w, 0, w.length);
          float[][] slots = new float[sum.slots().length][];
          for (int q = 0; q < slots.length; q++) {
            if (sum.slots()[q] != null) {
              slots[q] = new float[w.length];
              mean(sum.slots()[q], sum.windows(), slots[q]);
            }
          }
          opt = new Optimizer.State(sum.steps(), w.length, slots);
          lossSum += sum.loss();
          windows += sum.windows();
          roundsRun++;
          if (checkpoints.enabled() && roundsRun % checkpoints.every() == 0) {
            checkpoints.save(roundsRun, new State(epoch, r + 1, w.clone(), opt, lossSum, windows,
                Arrays.copyOf(trainLoss, done), Arrays.copyOf(valLoss, done), rules.snapshot(),
                roundsRun));
          }
          Checkpoints.failIfAsked(roundsRun);
        }
      } finally {
        shared.destroy(false);
      }
      double train = lossSum / windows;
      double val = nVal == 0 ? Double.NaN : source.validationLoss();
      trainLoss[done] = train;
      valLoss[done] = val;
      done++;
      if (nVal == 0) {
        continue;
      }
      // The Trainer's rules, on the averaged model.
      TrainingLoop.Stop stop = rules.afterEpoch(epoch, val, "");
      if (stop != null) {
        reason = stop.reason();
        message = stop.message();
        break;
      }
    }
    message = rules.finish(message);
    checkpoints.clear();
    long millis = (System.nanoTime() - start) / 1_000_000;
    return new TrainingResult(new TrainingLoop.Outcome(reason, message,
        Arrays.copyOf(trainLoss, done), Arrays.copyOf(valLoss, done), opt.steps(), millis),
        rules.bestEpoch());
  }

  /** The Trainer's shuffle of the epoch order, if the configuration shuffles. */
  private void shuffle(int[] order, SplittableRandom rng) {
    if (config.shuffle()) {
      EpochRules.shuffle(order, rng);
    }
  }

  /** out = sum / count in float; false if a value is not finite. */
  private static boolean mean(double[] sum, long count, float[] out) {
    boolean finite = true;
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (sum[i] / count);
      finite &= Float.isFinite(out[i]);
    }
    return finite;
  }

  /**
   * One partition's round: its local batches {@code first .. first + count − 1} of the epoch,
   * through the library's training loop, from the round's weights and optimizer state.
   */
  static Local local(SyncTraining.Part part, int[] order, Round round,
      SyncTraining.Setup setup) {
    long t0 = System.nanoTime();
    int m = part.index.length;
    int[] mine = new int[m]; // the partition's windows (local positions) in the epoch's order
    int c = 0;
    for (int g : order) {
      int i = Arrays.binarySearch(part.index, g);
      if (i >= 0) {
        mine[c++] = i;
      }
    }
    TrainerConfig config = setup.params().toConfig().training();
    int size = config.batchSize();
    int batches = (m + size - 1) / size;
    int from = round.first();
    int to = Math.min(from + round.count(), batches);
    if (from >= to) {
      return Local.none(System.nanoTime() - t0);
    }
    ForecastSpec spec = setup.spec();
    SequenceModel model = setup.newModel();
    float[] w = model.parameters().data();
    System.arraycopy(round.weights(), 0, w, 0, w.length);
    Optimizer opt = config.newOptimizer();
    opt.restore(round.state());
    opt.setLr(round.lr());
    LocalPlan plan = new LocalPlan(part, mine, m, size, from, to, spec, setup.newLoss(), round,
        TaskContext.getPartitionId());
    TrainingLoop.Outcome o = new TrainingLoop(model, opt, config.clip(), null, null, null)
        .run(plan);
    if (o.reason() == StopReason.DIVERGED) {
      return new Local(null, null, 0, 0, 0, o.message(), System.nanoTime() - t0);
    }
    long windows = Math.min((long) to * size, m) - (long) from * size;
    double[] cw = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      cw[i] = (double) w[i] * windows;
    }
    float[][] slots = opt.state().slots();
    double[][] cs = new double[slots.length][];
    for (int q = 0; q < slots.length; q++) {
      if (slots[q] != null) {
        cs[q] = new double[slots[q].length];
        for (int i = 0; i < slots[q].length; i++) {
          cs[q][i] = (double) slots[q][i] * windows;
        }
      }
    }
    return new Local(cw, cs, opt.steps(), windows, o.trainLoss()[0] * windows, null,
        System.nanoTime() - t0);
  }

  /** A round's local steps as one period of the training loop. */
  private static final class LocalPlan implements TrainingLoop.Plan {
    private final SyncTraining.Part part;
    private final int[] mine;
    private final int m;
    private final int size;
    private final int from;
    private final int to;
    private final int xw; // T·I
    private final int h;
    private final Round round;
    private final int partition;
    private final float[][] x = new float[2][]; // (B, T, I): full and last batch
    private final float[][] y = new float[2][]; // (B, h)
    private final TrainingLoop.Batch[] batch = new TrainingLoop.Batch[2];

    LocalPlan(SyncTraining.Part part, int[] mine, int m, int size, int from, int to,
        ForecastSpec spec, Loss loss, Round round, int partition) {
      this.part = part;
      this.mine = mine;
      this.m = m;
      this.size = size;
      this.from = from;
      this.to = to;
      this.xw = spec.steps() * spec.inputs();
      this.h = spec.horizon();
      this.round = round;
      this.partition = partition;
      int[] sizes = {Math.min(size, m), m - (m + size - 1) / size * size + size};
      for (int b = 0; b < 2; b++) {
        int bs = sizes[b];
        float[] xb = new float[bs * xw];
        float[] yb = new float[bs * h];
        x[b] = xb;
        y[b] = yb;
        batch[b] = new TrainingLoop.Batch(SequenceBatch.of(xb, bs, spec.steps(), spec.inputs()),
            bs, (pred, dPred) -> loss.gradient(pred, yb, dPred));
      }
    }

    @Override
    public int periods() {
      return 1;
    }

    @Override
    public int startPeriod(int period) {
      return to - from;
    }

    @Override
    public TrainingLoop.Batch batch(int period, int step) {
      int first = (from + step - 1) * size;
      int b = first + size >= m ? 1 : 0; // the last local batch holds the remainder
      int bs = batch[b].weight();
      for (int j = 0; j < bs; j++) {
        System.arraycopy(part.x, mine[first + j] * xw, x[b], j * xw, xw);
        System.arraycopy(part.y, mine[first + j] * h, y[b], j * h, h);
      }
      return batch[b];
    }

    @Override
    public double evaluate(int period, double trainLoss, long steps) {
      return Double.NaN;
    }

    @Override
    public String where(int period, int step, int of) {
      return "epoch " + round.epoch() + ", round " + (round.round() + 1) + ", partition "
          + partition + ", local step " + (from + step);
    }

    @Override
    public String finish(StopReason reason, String message) {
      return message;
    }
  }
}
