package org.lstmlab.core.lags;

import java.util.SplittableRandom;
import org.lstmlab.core.loss.SoftmaxCrossEntropy;
import org.lstmlab.core.nn.SequenceModel;

/**
 * The temporal order problem: classify a sequence by the order of two relevant symbols hidden among
 * distractors.
 *
 * <p>After Hochreiter &amp; Schmidhuber 1997, "Long Short-Term Memory", experiment 6a, at a fixed
 * length T so that sequences batch together (the paper draws T from [100, 110]). Symbols are
 * one-hot over I = 8 inputs in the order {@link #SYMBOLS} = {@code a, b, c, d, X, Y, B, E}. A
 * sequence starts with E, ends with the trigger symbol B, and is otherwise made of distractors
 * drawn uniformly from {a, b, c, d}, except at two positions t1 and t2 that hold X or Y, each
 * drawn independently with probability ½. In the paper's 1-based positions, t1 is drawn from [10,
 * 20] and t2 from [50, 60] for T ≈ 100; here they scale with T: t1 from [⌊T/10⌋, ⌊T/5⌋] and t2
 * from [⌊T/2⌋, ⌊3T/5⌋] (1-based, so {@code x} holds them at index t − 1), kept clear of the first
 * and last step. At T = 100 these are the paper's ranges.
 *
 * <p>The target y[b] is the class of the pair, read at the last step (O = 4, softmax
 * cross-entropy): 0 = XX, 1 = XY, 2 = YX, 3 = YY (the paper's Q, R, S, U).
 *
 * <p>Baseline: a model that has not found X and Y can only guess, and its best guess is the uniform
 * distribution: cross-entropy log 4 ≈ 1.386 nats, accuracy ¼ (computed on data as the argmax of
 * uniform logits, class 0, so the fraction of XX sequences).
 */
public final class TemporalOrder implements LagTask {

  /** The name {@link LagTask#create} knows this task by. */
  public static final String NAME = "order";

  /** The input symbols, in one-hot order. */
  public static final String SYMBOLS = "abcdXYBE";

  /** Index of symbol X in the one-hot code. */
  public static final int X = 4;

  /** Index of symbol Y. */
  public static final int Y = 5;

  /** Index of the trigger symbol B, the last step. */
  public static final int B = 6;

  /** Index of the start symbol E, the first step. */
  public static final int E = 7;

  /** Classes of the pair (t1, t2): XX, XY, YX, YY. */
  public static final int CLASSES = 4;

  /** The smallest T with room for t1 and t2 between E and B. */
  public static final int MIN_LENGTH = 10;

  private static final int SYMBOL_COUNT = SYMBOLS.length();
  private final SoftmaxCrossEntropy crossEntropy = new SoftmaxCrossEntropy(CLASSES);
  private final int length;
  private final int t1Min;
  private final int t1Max;
  private final int t2Min;
  private final int t2Max;

  /**
   * The temporal order problem over sequences of {@code length} steps.
   *
   * @throws IllegalArgumentException if {@code length < 10}
   */
  public TemporalOrder(int length) {
    if (length < MIN_LENGTH) {
      throw new IllegalArgumentException(
          "length must be >= " + MIN_LENGTH + " for the temporal order problem, got " + length);
    }
    this.length = length;
    // 1-based positions; position 1 is E and position T is B.
    this.t1Min = Math.max(2, length / 10);
    this.t1Max = Math.max(t1Min, length / 5);
    this.t2Min = Math.max(t1Max + 1, length / 2);
    this.t2Max = Math.min(length - 1, Math.max(t2Min, 3 * length / 5));
  }

  /** The 1-based range [min, max] of the first relevant position t1. */
  public int[] firstPositionRange() {
    return new int[] {t1Min, t1Max};
  }

  /** The 1-based range [min, max] of the second relevant position t2. */
  public int[] secondPositionRange() {
    return new int[] {t2Min, t2Max};
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String title() {
    return "Temporal order";
  }

  @Override
  public String description() {
    return "Each sequence has " + length + " symbols: distractors a, b, c, d and, at two places"
        + " (steps " + firstPositionRange()[0] + "\u2013" + firstPositionRange()[1]
        + " and " + secondPositionRange()[0] + "\u2013" + secondPositionRange()[1] + "), an X"
        + " or a Y. At the last step the network must say which of XX, XY, YX, YY it saw, in"
        + " order: four classes, scored by cross-entropy and accuracy.";
  }

  @Override
  public String baselineDescription() {
    return "A network that has not found the X and Y can only guess the four classes evenly:"
        + " cross-entropy log 4 \u2248 1.386 nats, accuracy 1/4.";
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public int steps() {
    return length;
  }

  @Override
  public int inputSize() {
    return SYMBOL_COUNT;
  }

  @Override
  public int outputSize() {
    return CLASSES;
  }

  @Override
  public SequenceModel.Outputs outputs() {
    return SequenceModel.Outputs.LAST;
  }

  @Override
  public String lossName() {
    return SoftmaxCrossEntropy.NAME;
  }

  @Override
  public Batch batch(int size, SplittableRandom random) {
    LagTask.requireBatchArguments(size, random);
    float[] x = new float[size * length * SYMBOL_COUNT]; // (B, T, 8) one-hot
    float[] y = new float[size]; // (B) class index
    for (int b = 0; b < size; b++) {
      int row = b * length;
      int t1 = random.nextInt(t1Min, t1Max + 1);
      int t2 = random.nextInt(t2Min, t2Max + 1);
      boolean firstY = random.nextBoolean();
      boolean secondY = random.nextBoolean();
      for (int t = 0; t < length; t++) {
        int position = t + 1;
        int symbol;
        if (position == 1) {
          symbol = E;
        } else if (position == length) {
          symbol = B;
        } else if (position == t1) {
          symbol = firstY ? Y : X;
        } else if (position == t2) {
          symbol = secondY ? Y : X;
        } else {
          symbol = random.nextInt(4); // a distractor from {a, b, c, d}
        }
        x[(row + t) * SYMBOL_COUNT + symbol] = 1f;
      }
      y[b] = (firstY ? 2 : 0) + (secondY ? 1 : 0);
    }
    return new Batch(size, length, x, y);
  }

  @Override
  public double lossAndGradient(float[] pred, Batch batch, float[] dPred) {
    return crossEntropy.gradient(pred, batch.y(), dPred);
  }

  @Override
  public Score score(float[] pred, Batch batch) {
    return new Score(crossEntropy.value(pred, batch.y()), crossEntropy.accuracy(pred, batch.y()));
  }

  /** The score of uniform logits: cross-entropy log 4, accuracy the share of class 0. */
  @Override
  public Score baseline(Batch batch) {
    return score(new float[batch.size() * CLASSES], batch);
  }

  @Override
  public Score expectedBaseline() {
    return new Score(Math.log(CLASSES), 1.0 / CLASSES);
  }

  @Override
  public String toString() {
    return NAME + "(T=" + length + ")";
  }
}
