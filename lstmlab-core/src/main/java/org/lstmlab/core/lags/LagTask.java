package org.lstmlab.core.lags;

import java.util.List;
import java.util.SplittableRandom;
import org.lstmlab.core.nn.SequenceModel;

/**
 * A synthetic task whose answer depends on inputs seen long before it is asked for: a seeded
 * generator of batches, the loss to train on, and the score of a memoryless baseline.
 *
 * <p>Order of use: {@link #create} (or a constructor) once; {@link #batch} for every training
 * batch and once for a held-out set; after the model's forward pass, {@link #lossAndGradient} to
 * train or {@link #score} to evaluate; {@link #baseline} on the held-out set for the number to
 * beat. A task holds no random state: every batch comes from the caller's {@link
 * SplittableRandom}, so a seed fixes the whole stream. Implementations are immutable and
 * thread-safe.
 */
public interface LagTask {

  /** The task names {@link #create} accepts, in a stable order. */
  List<String> NAMES = List.of(AddingProblem.NAME, TemporalOrder.NAME, CopyTask.NAME);

  /**
   * The task called {@code name} with lag parameter T = {@code length}.
   *
   * @param name one of {@link #NAMES}: {@code adding}, {@code order}, {@code copy}
   * @throws IllegalArgumentException for any other name, or a length the task does not allow
   */
  static LagTask create(String name, int length) {
    return switch (String.valueOf(name)) {
      case AddingProblem.NAME -> new AddingProblem(length);
      case TemporalOrder.NAME -> new TemporalOrder(length);
      case CopyTask.NAME -> new CopyTask(length);
      default -> throw new IllegalArgumentException(
          "task must be one of " + NAMES + ", got '" + name + "'");
    };
  }

  /** The task's name, as {@link #create} and the command line know it. */
  String name();

  /** The task's name in words, for headings: "The adding problem". */
  String title();

  /**
   * What a sequence holds and what the model must answer, in one paragraph of plain text for
   * people (the tutorial's Long lags page shows it), with this task's T in it.
   */
  String description();

  /**
   * The memoryless baseline's strategy and its expected score at this T, in one sentence of plain
   * text: the number a model must get below to have bridged the lag.
   */
  String baselineDescription();

  /** T, the lag parameter the task was created with. */
  int length();

  /** Time steps per sequence: T, except for the copy task (T + 20). */
  int steps();

  /** I: input features per step. */
  int inputSize();

  /** O: model outputs per prediction (1 for a value, the number of classes otherwise). */
  int outputSize();

  /** Which steps the model must predict at. */
  SequenceModel.Outputs outputs();

  /** {@code mse} or {@code cross_entropy}: what {@link Score#loss()} measures. */
  String lossName();

  /** Whether the task is a classification ({@link Score#accuracy()} is defined). */
  default boolean classification() {
    return !lossName().equals("mse");
  }

  /**
   * A batch of {@code size} fresh sequences drawn from {@code random}.
   *
   * @throws IllegalArgumentException if {@code size ≤ 0} or {@code random} is null
   */
  Batch batch(int size, SplittableRandom random);

  /** {@code batch(size, new SplittableRandom(seed))}: the same seed gives the same batch. */
  default Batch batch(int size, long seed) {
    return batch(size, new SplittableRandom(seed));
  }

  /**
   * The training loss of the model's output on {@code batch}, with its gradient.
   *
   * @param pred the model's output: (B, O) or, for {@link SequenceModel.Outputs#ALL}, (B, T, O)
   * @param dPred receives dL/dpred, same shape as {@code pred}
   * @return the loss
   */
  double lossAndGradient(float[] pred, Batch batch, float[] dPred);

  /** The loss (and accuracy, for a classification) of the model's output on {@code batch}. */
  Score score(float[] pred, Batch batch);

  /** The memoryless baseline's score on {@code batch}; each task documents its strategy. */
  Score baseline(Batch batch);

  /** The baseline's exact expected score over the task's distribution. */
  Score expectedBaseline();

  /** Requires a positive size and a random source; shared by the generators. */
  static void requireBatchArguments(int size, SplittableRandom random) {
    if (size <= 0) {
      throw new IllegalArgumentException("batch size must be > 0, got " + size);
    }
    if (random == null) {
      throw new IllegalArgumentException("random is null; pass a seeded SplittableRandom");
    }
  }
}
